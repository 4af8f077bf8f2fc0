#include "runner/scenario/regex_check.h"

#include <algorithm>
#include <cctype>
#include <vector>

#include "runner/scenario/scenario.h"

namespace brew::lab {

std::optional<std::string> RegexRefusal(std::string_view pattern, int64_t* states) {
  if (pattern.size() > limits::kMaxRegexLength) {
    return "is too long (" + std::to_string(pattern.size()) + " bytes; limit " +
           std::to_string(limits::kMaxRegexLength) + ")";
  }
  if (HasOverlongRegexNumber(pattern)) {
    return std::string("has a number of more than 9 digits in {n,m} or a backreference");
  }
  const int64_t estimate = EstimateRegexStates(pattern);
  if (estimate > limits::kMaxRegexStates) {
    return "is too complex (about " + std::to_string(estimate) + " automaton states; limit " +
           std::to_string(limits::kMaxRegexStates) + "): use smaller {n,m} counts";
  }
  if (states != nullptr) *states = estimate;
  return std::nullopt;
}

int64_t EstimateRegexStates(std::string_view p) {
  constexpr double kCap = 1e15;
  struct Frame {
    double alternatives = 0;  // finished alternatives of this group
    double seq = 0;           // the current alternative
    double last = 0;          // the last atom (what a quantifier repeats)
  };
  std::vector<Frame> stack(1);
  auto atom = [&](double size) {
    Frame& f = stack.back();
    f.seq = std::min(kCap, f.seq + size);
    f.last = size;
  };
  for (std::size_t i = 0; i < p.size(); ++i) {
    const char c = p[i];
    if (c == '\\') {
      ++i;
      atom(1);
    } else if (c == '[') {
      std::size_t j = i + 1;
      if (j < p.size() && p[j] == '^') ++j;
      if (j < p.size() && p[j] == ']') ++j;
      while (j < p.size() && p[j] != ']') j += p[j] == '\\' ? 2 : 1;
      i = j;
      atom(1);
    } else if (c == '(') {
      stack.emplace_back();
    } else if (c == ')' && stack.size() > 1) {
      const Frame f = stack.back();
      stack.pop_back();
      atom(std::min(kCap, f.alternatives + f.seq + 2));
    } else if (c == '|') {
      Frame& f = stack.back();
      f.alternatives = std::min(kCap, f.alternatives + f.seq + 1);
      f.seq = f.last = 0;
    } else if (c == '*' || c == '+' || c == '?') {
      stack.back().seq = std::min(kCap, stack.back().seq + 2);
    } else if (c == '{') {
      // {n}, {n,} or {n,m}; anything else is a literal brace.
      std::size_t j = i + 1;
      double n = 0, m = -1;
      bool digits = false, comma = false, m_digits = false;
      while (j < p.size() && std::isdigit(static_cast<unsigned char>(p[j]))) {
        n = std::min(kCap, n * 10 + (p[j++] - '0'));
        digits = true;
      }
      if (j < p.size() && p[j] == ',') {
        comma = true;
        ++j;
        m = 0;
        while (j < p.size() && std::isdigit(static_cast<unsigned char>(p[j]))) {
          m = std::min(kCap, m * 10 + (p[j++] - '0'));
          m_digits = true;
        }
      }
      if (!digits || j >= p.size() || p[j] != '}') {
        atom(1);
        continue;
      }
      const double times = !comma ? n : (m_digits ? std::max(n, m) : n + 1);
      Frame& f = stack.back();
      const double repeated = std::min(kCap, f.last * times);
      f.seq = std::min(kCap, f.seq - f.last + repeated + 2);
      f.last = repeated;
      i = j;
    } else {
      atom(1);
    }
  }
  while (stack.size() > 1) {
    const Frame f = stack.back();
    stack.pop_back();
    atom(std::min(kCap, f.alternatives + f.seq + 2));
  }
  return static_cast<int64_t>(std::min(kCap, stack[0].alternatives + stack[0].seq));
}

// libstdc++ reads these numbers into a long without an overflow check; the
// fuzzer found it (tests/data/invalid/regex_overlong_number.yaml).
bool HasOverlongRegexNumber(std::string_view p) {
  constexpr std::size_t kMaxDigits = 9;
  auto digits_at = [&](std::size_t i) {
    std::size_t n = 0;
    while (i + n < p.size() && std::isdigit(static_cast<unsigned char>(p[i + n]))) ++n;
    return n;
  };
  for (std::size_t i = 0; i < p.size(); ++i) {
    if (p[i] == '\\') {
      if (digits_at(i + 1) > kMaxDigits) return true;
      ++i;
    } else if (p[i] == '{') {
      const std::size_t n = digits_at(i + 1);
      if (n > kMaxDigits) return true;
      if (i + 1 + n < p.size() && p[i + 1 + n] == ',' && digits_at(i + 2 + n) > kMaxDigits) {
        return true;
      }
    }
  }
  return false;
}

}  // namespace brew::lab
