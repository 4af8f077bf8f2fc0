#include "core/cli/flags.h"

#include <algorithm>
#include <cctype>
#include <utility>
#include <vector>

#include "core/cli/console.h"
#include "core/util/closest_match.h"
#include "core/util/host_port.h"
#include "core/util/padding.h"

namespace brew::cli {
namespace {

// CLI11 validators return "" when the value is fine, else the problem; CLI11
// prefixes the flag's name ("--tick: ...").
CLI::Validator GoDuration(bool positive) {
  return CLI::Validator(
      [positive](std::string& text) -> std::string {
        std::string error;
        const std::optional<Duration> d = ParseDuration(text, &error);
        if (!d) return error;
        if (positive && *d <= Duration::zero()) return "must be more than 0, got \"" + text + "\"";
        return "";
      },
      "");
}

CLI::Validator NonNegative() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        // CLI11 checks the text before converting it; a non-number is left
        // for its conversion error.
        if (!text.empty() && text[0] == '-') return "must be 0 or more, got " + text;
        return "";
      },
      "");
}

CLI::Validator HostPort() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        std::string host;
        int port = 0;
        std::string error;
        return SplitHostPort(text, &host, &port, &error) ? "" : error;
      },
      "");
}

}  // namespace

FlagSet::FlagSet(std::string program, std::string description)
    : program_(std::move(program)), app_(std::move(description), program_) {
  // Go's flag package: a flag given twice keeps the last value.
  app_.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
}

void FlagSet::AddAddr(std::string* addr, const std::string& help) {
  app_.add_option("--addr", *addr, help)
      ->capture_default_str()
      ->type_name("HOST:PORT")
      ->check(HostPort());
}

void FlagSet::AddString(const std::string& name, std::string* value, const std::string& help) {
  app_.add_option(name, *value, help)->capture_default_str();
}

void FlagSet::AddCount(const std::string& name, int* value, const std::string& help) {
  app_.add_option(name, *value, help)
      ->capture_default_str()
      ->type_name("INT")
      ->check(NonNegative());
}

void FlagSet::AddMessageBytes(int* value, const std::string& help) {
  app_.add_option("--message-bytes", *value, help)
      ->capture_default_str()
      ->type_name("BYTES")
      ->check(CLI::Range(0, kMaxMessageBytes));
}

void FlagSet::AddDuration(const std::string& name, Duration* value, const std::string& help) {
  AddGoDuration(name, value, help, false);
}

void FlagSet::AddPositiveDuration(const std::string& name, Duration* value,
                                  const std::string& help) {
  AddGoDuration(name, value, help, true);
}

void FlagSet::AddGoDuration(const std::string& name, Duration* value, const std::string& help,
                            bool positive) {
  // The validator runs before the callback, so the parse here succeeds.
  app_.add_option_function<std::string>(
          name, [value](const std::string& text) { *value = *ParseDuration(text); }, help)
      ->default_str(FormatDuration(*value))
      ->type_name("DURATION")
      ->check(GoDuration(positive));
}

void FlagSet::AddOptionalDuration(const std::string& name, std::optional<Duration>* value,
                                  const std::string& help) {
  app_.add_option_function<std::string>(
          name, [value](const std::string& text) { *value = *ParseDuration(text); }, help)
      ->type_name("DURATION")
      ->check(GoDuration(false));
}

// Go's flag package spells long flags with one dash (-limit=0, -count 20),
// and the lesson does too; CLI11 wants two. A known long flag given with
// one dash is taken as given with two. An unknown flag is one line naming
// the closest known one.
std::optional<int> FlagSet::CheckAndNormalize(std::vector<std::string>* args) const {
  std::vector<std::string> names;  // "--limit", "-j"
  auto find = [this](const std::string& name) -> const CLI::Option* {
    for (const CLI::Option* opt : app_.get_options()) {
      for (const std::string& l : opt->get_lnames()) {
        if (name == "--" + l) return opt;
      }
      for (const std::string& sn : opt->get_snames()) {
        if (name == "-" + sn) return opt;
      }
    }
    return nullptr;
  };
  for (const CLI::Option* opt : app_.get_options()) {
    if (opt->get_group().empty()) continue;  // hidden (internal) options
    for (const std::string& l : opt->get_lnames()) names.push_back("--" + l);
  }
  for (size_t i = 0; i < args->size(); ++i) {
    std::string& arg = (*args)[i];
    if (arg == "--") break;  // the rest are positional
    if (arg.size() < 2 || arg[0] != '-' || std::isdigit(static_cast<unsigned char>(arg[1])))
      continue;
    const size_t eq = arg.find('=');
    std::string name = arg.substr(0, eq);
    if (name.size() > 2 && name[1] != '-' && find("-" + name) != nullptr) {
      arg = "-" + arg;  // -limit=0 -> --limit=0
      name = "-" + name;
    }
    const CLI::Option* opt = find(name);
    if (opt == nullptr) {
      if (name == "-h" || name == "--help") continue;
      const std::string bare = name.substr(name.find_first_not_of('-'));
      std::vector<std::string> bare_names;
      for (const std::string& n : names) bare_names.push_back(n.substr(2));
      const std::string guess = ClosestMatch(bare, bare_names);
      PrintError(program_,
                 "unknown flag " + (*args)[i].substr(0, eq) +
                     (guess.empty() ? " (see --help)" : "; did you mean --" + guess + "?"));
      return kUsageExit;
    }
    // A flag that takes a value and has no "=": the next argument is its value.
    if (eq == std::string::npos && opt->get_items_expected_min() > 0) ++i;
  }
  return std::nullopt;
}

std::optional<int> FlagSet::Parse(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (auto exit_code = CheckAndNormalize(&args)) return exit_code;
  try {
    // CLI11 takes the arguments reversed when given a vector.
    std::reverse(args.begin(), args.end());
    app_.parse(args);
  } catch (const CLI::CallForHelp& e) {
    return app_.exit(e);  // prints the usage on stdout; 0
  } catch (const CLI::CallForAllHelp& e) {
    return app_.exit(e);
  } catch (const CLI::ParseError& e) {
    PrintError(program_, e.what());
    return kUsageExit;
  }
  return std::nullopt;
}

int FlagSet::UsageError(const std::string& flag, const std::string& problem) const {
  PrintError(program_, flag + ": " + problem);
  return kUsageExit;
}

std::string DialTarget(const std::string& addr) {
  std::string host;
  int port = 0;
  std::string error;
  if (SplitHostPort(addr, &host, &port, &error) && host.empty()) {
    return "127.0.0.1:" + std::to_string(port);
  }
  return addr;
}

}  // namespace brew::cli
