#include "runner/scenario/scenario_loader.h"

#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>

#include "core/util/closest_match.h"
#include "runner/scenario/expectation_reader.h"
#include "runner/scenario/lesson_contract.h"
#include "runner/scenario/load_context.h"
#include "runner/scenario/possible_check.h"
#include "runner/scenario/server_reader.h"
#include "runner/scenario/step_reader.h"
#include "runner/scenario/yaml_reader.h"

namespace brew::lab {

using loader::IntValue;
using loader::LoadContext;
using loader::ReadExpectations;
using loader::ReadServer;
using loader::ReadSteps;
using yaml::Entry;
using yaml::MapReader;
using yaml::Quote;
using yaml::Reporter;

std::string Diagnostic::ToString() const {
  if (line <= 0) return file + ": " + message;
  return file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + message;
}

namespace {

// The keys a scenario's top level takes; each part has its own.
const std::vector<std::string> kTopKeys = {"name",   "description", "points", "timeout",
                                           "server", "needs",       "steps",  "expect"};

std::string Stem(const std::string& path) {
  std::string stem = std::filesystem::path(path).stem().string();
  return stem.empty() ? path : stem;
}

// "needs: [read_delay, ...]": the extensions the scenario relies on beyond
// what the loader finds itself (lesson_contract.h).
void ReadNeeds(Reporter& r, const Entry& e, std::vector<Need>* needs) {
  if (!e.value.IsSequence()) {
    r.Error(e.value_mark(),
            "\"needs\" must be a list such as [read_delay], got " + yaml::DescribeNode(e.value));
    return;
  }
  std::vector<std::string> names;
  for (Extension x : AllExtensions()) names.push_back(ExtensionName(x));
  for (const YAML::Node& item : e.value) {
    const std::string name = item.IsScalar() ? item.Scalar() : std::string();
    if (auto x = ExtensionFromName(name)) {
      needs->push_back(Need{*x, "declared", r.Pos(item.Mark())});
      continue;
    }
    const std::string guess = ClosestMatch(name, names);
    r.Error(item.Mark(),
            "unknown need " + (name.empty() ? yaml::DescribeNode(item) : Quote(name)) +
                (guess.empty() ? " (expected read_delay, message_bytes or brewlab_logs)"
                               : " (did you mean " + Quote(guess) + "?)"));
  }
}

// The top level's own keys: name, description, points, timeout, needs;
// and server.
void ReadTop(LoadContext& cx, const MapReader& top, Scenario& s) {
  Reporter& r = cx.reporter();
  if (const Entry* e = top.Find("name")) {
    if (auto name = yaml::ReadString(r, *e, /*allow_empty=*/false)) {
      const bool bad_char = std::any_of(name->begin(), name->end(), [](char c) {
        return c == '/' || c == '\\' || static_cast<unsigned char>(c) < 0x20;
      });
      if (name->size() > limits::kMaxNameLength) {
        r.Error(e->value_mark(), "\"name\" is too long (" + std::to_string(name->size()) +
                                     " bytes; limit " + std::to_string(limits::kMaxNameLength) +
                                     ")");
      } else if (bad_char) {
        r.Error(e->value_mark(),
                "\"name\" must not contain slashes or control characters (it names the "
                "report file), got " +
                    Quote(*name));
      } else {
        s.name = *name;
      }
    }
  }
  if (const Entry* e = top.Find("description")) {
    if (auto d = yaml::ReadString(r, *e, /*allow_empty=*/true)) {
      // A folded block (`description: >`) ends in a newline; reports and
      // --list want the paragraph alone.
      s.description = *d;
      while (!s.description.empty() &&
             std::isspace(static_cast<unsigned char>(s.description.back()))) {
        s.description.pop_back();
      }
    }
  }
  cx.ReadKey(top, "points", &s.points, IntValue(0, limits::kMaxPoints));
  if (const Entry* e = top.Find("timeout")) {
    if (auto t = yaml::ReadDuration(r, *e, /*allow_zero=*/false, limits::kMaxTimeout)) {
      s.timeout = *t;
      s.timeout_pos = r.Pos(e->value_mark());
    }
  }
  if (const Entry* e = top.Find("server")) ReadServer(cx, *e, &s.server);
  if (const Entry* e = top.Find("needs")) ReadNeeds(r, *e, &s.needs);
}

// One file, read by its parts over one LoadContext.
std::optional<Scenario> Load(Reporter& r, const YAML::Node& root, const std::string& display_path) {
  if (!root.IsDefined() || root.IsNull()) {
    r.ErrorAt(1, 1, "the file is empty: a scenario needs at least a \"steps\" list");
    return std::nullopt;
  }
  if (!root.IsMap()) {
    r.Error(root.Mark(),
            "the top level must be a map with keys such as name, steps and "
            "expect, got " +
                yaml::DescribeNode(root));
    return std::nullopt;
  }
  Scenario s;
  s.file = display_path;
  s.name = Stem(display_path);
  s.timeout_pos = r.FilePos();
  s.server.pos = r.FilePos();
  LoadContext cx(r);
  MapReader top(r, root, "at the top level", kTopKeys);
  ReadTop(cx, top, s);
  if (const Entry* steps = top.Find("steps")) {
    ReadSteps(cx, *steps, &s.steps);
  } else {
    r.Error(root.Mark(), "missing required key \"steps\" (the list of things to do)");
  }
  if (const Entry* expect = top.Find("expect")) ReadExpectations(cx, *expect, &s.expectations);
  cx.ResolveUses();
  cx.CheckKafkaUses(s.server);
  s.streams = cx.Streams();
  if (r.empty()) loader::CheckPossible(s, r);  // only a scenario that makes sense so far
  AddFoundNeeds(&s);
  if (!r.empty()) return std::nullopt;
  return s;
}

}  // namespace

// ---------------------------------------------------------------------------
// Entry points.

LoadResult LoadScenarioText(std::string_view text, const std::string& display_path) {
  LoadResult result;
  Reporter r(display_path);
  try {
    if (text.size() > limits::kMaxFileBytes) {
      r.FileError("file is too large (" + std::to_string(text.size()) + " bytes; limit 1 MiB)");
    } else if (yaml::CheckText(text, r)) {
      if (auto root = yaml::ParseDocument(text, r)) {
        result.scenario = Load(r, *root, display_path);
      }
    }
  } catch (const std::exception& e) {
    r.ErrorAt(1, 1, std::string("internal error while loading: ") + e.what());
  } catch (...) {
    r.ErrorAt(1, 1, "internal error while loading");
  }
  result.diagnostics = r.Take();
  if (!result.diagnostics.empty()) result.scenario.reset();
  return result;
}

LoadResult LoadScenarioFile(const std::string& path) {
  LoadResult result;
  auto fail = [&](std::string message) {
    result.diagnostics.push_back(Diagnostic{path, 0, 0, std::move(message)});
    return result;
  };
  try {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
      return fail(std::string("cannot read the file: ") + std::strerror(errno));
    }
    if (S_ISDIR(st.st_mode)) return fail("is a directory, not a scenario file");
    if (!S_ISREG(st.st_mode)) return fail("is not a regular file");
    if (static_cast<std::uintmax_t>(st.st_size) > limits::kMaxFileBytes) {
      return fail("file is too large (" + std::to_string(st.st_size) + " bytes; limit 1 MiB)");
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) return fail(std::string("cannot read the file: ") + std::strerror(errno));
    // Read at most one byte past the limit, in case the file grew.
    std::string text(limits::kMaxFileBytes + 1, '\0');
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    if (in.bad()) return fail("cannot read the file: read error");
    text.resize(static_cast<std::size_t>(in.gcount()));
    return LoadScenarioText(text, path);
  } catch (const std::exception& e) {
    return fail(std::string("cannot read the file: ") + e.what());
  }
}

std::vector<std::string> ExpandScenarioPaths(const std::vector<std::string>& args,
                                             std::vector<Diagnostic>* errors) {
  namespace fs = std::filesystem;
  std::vector<std::string> out;
  std::set<std::string> seen;
  auto add = [&](const std::string& p) {
    if (seen.insert(p).second) out.push_back(p);
  };
  auto error = [&](const std::string& p, std::string message) {
    if (errors != nullptr) errors->push_back(Diagnostic{p, 0, 0, std::move(message)});
  };
  for (const std::string& arg : args) {
    std::error_code ec;
    const fs::file_status st = fs::status(arg, ec);
    if (ec || !fs::exists(st)) {
      error(arg, "no such file or directory");
      continue;
    }
    if (!fs::is_directory(st)) {
      add(arg);
      continue;
    }
    std::vector<std::string> found;
    for (fs::directory_iterator it(arg, ec), end; !ec && it != end; it.increment(ec)) {
      const fs::path& p = it->path();
      if (p.extension() != ".yaml") continue;
      std::error_code ec2;
      if (fs::is_directory(it->status(ec2))) continue;
      found.push_back(p.string());
    }
    if (ec) {
      error(arg, "cannot list the directory: " + ec.message());
      continue;
    }
    if (found.empty()) {
      error(arg, "directory has no *.yaml files");
      continue;
    }
    std::sort(found.begin(), found.end());
    for (const auto& p : found) add(p);
  }
  return out;
}

}  // namespace brew::lab
