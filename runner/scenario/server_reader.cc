#include "runner/scenario/server_reader.h"

namespace brew::lab::loader {

namespace {
const std::vector<std::string> kServerKeys = {"tick", "echo_delay", "read_delay"};
}  // namespace

void ReadServer(LoadContext& cx, const Entry& e, ServerSettings* server) {
  server->pos = cx.reporter().Pos(e.key_mark());
  if (!cx.ExpectMap(e, "\"server\"", "{tick: 1s, echo_delay: 200ms}")) return;
  MapReader m(cx.reporter(), e.value, "in server", kServerKeys);
  cx.ReadKey(m, "tick", &server->tick, DurationValue(/*allow_zero=*/false));
  cx.ReadKey(m, "echo_delay", &server->echo_delay, DurationValue(/*allow_zero=*/true));
  cx.ReadKey(m, "read_delay", &server->read_delay, DurationValue(/*allow_zero=*/true));
}

}  // namespace brew::lab::loader
