// "Did you mean ...?": the closest of a few known words to a misspelt one.
// The scenario loader suggests keys, step kinds and stream ids with it, and
// the programs' flags suggest flags.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace brew {

// Levenshtein distance with transpositions of neighbours (bytes), capped:
// returns cap + 1 when larger.
int EditDistance(std::string_view a, std::string_view b, int cap = 3);

// The candidate `word` is most likely a typo of, or "" if none is close
// enough (distance <= 2, and at most half the word; or equal ignoring case;
// or else the one candidate that starts with a word of 4 letters or more).
std::string ClosestMatch(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace brew
