#include "core/util/closest_match.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace brew {

int EditDistance(std::string_view a, std::string_view b, int cap) {
  // Optimal string alignment distance: insertions, deletions, substitutions
  // and transpositions of neighbours each cost 1.
  const int n = static_cast<int>(a.size());
  const int m = static_cast<int>(b.size());
  if (std::abs(n - m) > cap) return cap + 1;
  std::vector<std::vector<int>> d(n + 1, std::vector<int>(m + 1, 0));
  for (int i = 0; i <= n; ++i) d[i][0] = i;
  for (int j = 0; j <= m; ++j) d[0][j] = j;
  for (int i = 1; i <= n; ++i) {
    for (int j = 1; j <= m; ++j) {
      const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return std::min(d[n][m], cap + 1);
}

std::string ClosestMatch(std::string_view word, const std::vector<std::string>& candidates) {
  if (word.empty() || word.size() > 64) return "";
  auto lower = [](std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
  };
  const std::string lw = lower(word);
  for (const auto& c : candidates) {
    if (lower(c) == lw) return c;
  }
  std::string best;
  int best_distance = 3;
  for (const auto& c : candidates) {
    const int d = EditDistance(lw, lower(c), 2);
    if (d < best_distance && d * 2 <= static_cast<int>(word.size())) {
      best = c;
      best_distance = d;
    }
  }
  if (!best.empty() || word.size() < 4) return best;
  // Else a known word that begins with it, if exactly one does: "close"
  // for close_send.
  for (const auto& c : candidates) {
    if (lower(c).rfind(lw, 0) != 0) continue;
    if (!best.empty()) return "";  // two do: no guess
    best = c;
  }
  return best;
}

}  // namespace brew
