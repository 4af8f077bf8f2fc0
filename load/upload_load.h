// Upload throughput: N concurrent UploadOrders streams on one channel, each
// writing valid records back to back for the window, then closing its send
// side and reading the summary. The count is what the servers' summaries
// say they received, so records lost on the way do not count.
#pragma once

#include "load/measurement.h"

namespace brew::load {

// One thread per stream (sync API). `name` is the measurement's name in
// the report ("upload_1", "upload_n").
Measurement MeasureUpload(const MeasureContext& mc, int streams, const std::string& name);

}  // namespace brew::load
