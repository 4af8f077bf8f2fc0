#include "core/util/duration.h"

#include <cstdint>
#include <limits>

namespace brew {
namespace {

struct Unit {
  std::string_view name;
  int64_t nanos;
};

// Longest names first so "ms" wins over "m".
constexpr Unit kUnits[] = {
    {"ns", 1},           {"us", 1000},      {"\xC2\xB5s", 1000},  // µs
    {"\xCE\xBCs", 1000},                                          // μs (Greek mu)
    {"ms", 1000000},     {"s", 1000000000}, {"m", 60LL * 1000000000}, {"h", 3600LL * 1000000000},
};

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

std::string Quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }

bool Fail(std::string* error, std::string message) {
  if (error != nullptr) *error = std::move(message);
  return false;
}

}  // namespace

std::optional<Duration> ParseDuration(std::string_view text, std::string* error) {
  const std::string_view original = text;
  if (text.empty()) {
    Fail(error, "empty duration");
    return std::nullopt;
  }
  if (text.front() == '-') {
    Fail(error, "negative duration " + Quoted(original));
    return std::nullopt;
  }
  if (text.front() == '+') text.remove_prefix(1);
  if (text == "0") return Duration::zero();

  long double total = 0;
  while (!text.empty()) {
    // The number: digits, optionally a fraction.
    size_t i = 0;
    while (i < text.size() && IsDigit(text[i])) ++i;
    size_t int_end = i;
    size_t frac_digits = 0;
    if (i < text.size() && text[i] == '.') {
      ++i;
      while (i < text.size() && IsDigit(text[i])) ++i, ++frac_digits;
    }
    if (int_end == 0 && frac_digits == 0) {
      Fail(error, "invalid duration " + Quoted(original) + " (expected a number such as 10ms)");
      return std::nullopt;
    }
    const long double value = std::stold(std::string(text.substr(0, i)));
    text.remove_prefix(i);

    // The unit: letters up to the next digit or dot.
    size_t u = 0;
    while (u < text.size() && !IsDigit(text[u]) && text[u] != '.') ++u;
    const std::string_view unit_name = text.substr(0, u);
    if (unit_name.empty()) {
      Fail(error, "missing unit in duration " + Quoted(original) +
                      " (use ns, us, ms, s, m or h, e.g. 10ms)");
      return std::nullopt;
    }
    const Unit* unit = nullptr;
    for (const Unit& candidate : kUnits) {
      if (candidate.name == unit_name) unit = &candidate;
    }
    if (unit == nullptr) {
      Fail(error, "unknown unit " + Quoted(unit_name) + " in duration " + Quoted(original) +
                      " (use ns, us, ms, s, m or h)");
      return std::nullopt;
    }
    text.remove_prefix(u);
    total += value * static_cast<long double>(unit->nanos);
    if (total > static_cast<long double>(std::numeric_limits<int64_t>::max())) {
      Fail(error, "duration " + Quoted(original) + " is too large");
      return std::nullopt;
    }
  }
  return Duration(static_cast<int64_t>(total + 0.5L));
}

namespace {

// Writes v / 10^prec with trailing zeros (and a lone dot) dropped.
std::string Fraction(uint64_t v, int prec) {
  std::string digits = std::to_string(v);
  if (static_cast<int>(digits.size()) <= prec) {
    digits.insert(0, prec - digits.size() + 1, '0');
  }
  std::string whole = digits.substr(0, digits.size() - prec);
  std::string frac = digits.substr(digits.size() - prec);
  while (!frac.empty() && frac.back() == '0') frac.pop_back();
  return frac.empty() ? whole : whole + "." + frac;
}

}  // namespace

std::string FormatDuration(Duration d) {
  int64_t ns = d.count();
  std::string sign;
  uint64_t u;
  if (ns < 0) {
    sign = "-";
    u = static_cast<uint64_t>(-(ns + 1)) + 1;
  } else {
    u = static_cast<uint64_t>(ns);
  }
  if (u == 0) return "0s";
  if (u < 1000) return sign + std::to_string(u) + "ns";
  if (u < 1000000) return sign + Fraction(u, 3) + "\xC2\xB5s";
  if (u < 1000000000) return sign + Fraction(u, 6) + "ms";

  // Seconds and up: like Go, "1h2m3.5s", always ending in seconds.
  const uint64_t hours = u / 3600000000000ULL;
  u %= 3600000000000ULL;
  const uint64_t minutes = u / 60000000000ULL;
  u %= 60000000000ULL;
  std::string out = sign;
  if (hours > 0) out += std::to_string(hours) + "h";
  if (hours > 0 || minutes > 0) out += std::to_string(minutes) + "m";
  out += Fraction(u, 9) + "s";
  return out;
}

double ToMillis(Duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

}  // namespace brew
