// One part of the loader on its own: a LoadContext over a Reporter, and a
// YAML snippet's first entry to hand to the part, as the loader would.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

#include "runner/scenario/load_context.h"
#include "runner/scenario/yaml_reader.h"

namespace brew::lab::loader {

class PartFixture {
 public:
  // `text` is a one-key map, e.g. "server: {tick: 1s}"; its entry, with
  // yaml-cpp's marks (1-based in diagnostics).
  const Entry& EntryOf(const std::string& text) {
    root_ = YAML::Load(text);
    entry_ = Entry{root_.begin()->first.Scalar(), root_.begin()->first, root_.begin()->second};
    return entry_;
  }
  LoadContext& cx() { return cx_; }

  // Every diagnostic so far as "LINE:COLUMN: message", after resolving the
  // stream uses (as the loader does once every part has read).
  std::vector<std::string> Errors() {
    cx_.ResolveUses();
    std::vector<std::string> out;
    for (const Diagnostic& d : r_.Take()) {
      out.push_back(std::to_string(d.line) + ":" + std::to_string(d.column) + ": " + d.message);
    }
    return out;
  }

 private:
  yaml::Reporter r_{"part.yaml"};
  LoadContext cx_{r_};
  YAML::Node root_;
  Entry entry_;
};

}  // namespace brew::lab::loader
