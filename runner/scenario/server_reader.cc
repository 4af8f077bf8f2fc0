#include "runner/scenario/server_reader.h"

namespace brew::lab::loader {

namespace {
const std::vector<std::string> kServerKeys = {"tick", "echo_delay", "read_delay", "kafka",
                                              "orders_from"};
}  // namespace

void ReadServer(LoadContext& cx, const Entry& e, ServerSettings* server) {
  server->pos = cx.reporter().Pos(e.key_mark());
  if (!cx.ExpectMap(e, "\"server\"", "{tick: 1s, echo_delay: 200ms}")) return;
  MapReader m(cx.reporter(), e.value, "in server", kServerKeys);
  cx.ReadKey(m, "tick", &server->tick, DurationValue(/*allow_zero=*/false));
  cx.ReadKey(m, "echo_delay", &server->echo_delay, DurationValue(/*allow_zero=*/true));
  cx.ReadKey(m, "read_delay", &server->read_delay, DurationValue(/*allow_zero=*/true));
  cx.ReadKey(m, "kafka", &server->kafka, yaml::ReadBool);
  if (const Entry* from = m.Find("orders_from")) {
    if (auto v = yaml::ReadString(cx.reporter(), *from, /*allow_empty=*/false)) {
      if (*v != "tick" && *v != "kafka") {
        cx.reporter().Error(from->value_mark(),
                            "\"orders_from\" is tick (the lesson's) or kafka, got " + Quote(*v));
      } else if (*v == "kafka" && !server->kafka) {
        cx.reporter().Error(from->key_mark(),
                            "\"orders_from: kafka\" needs \"kafka: true\" as well");
      } else {
        server->orders_from_kafka = *v == "kafka";
      }
    }
  }
}

}  // namespace brew::lab::loader
