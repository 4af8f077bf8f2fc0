#include "core/cli/console.h"

#include <iostream>

namespace brew::cli {

void PrintLine(const std::string& line) { std::cout << line << '\n' << std::flush; }

void PrintError(const std::string& program, const std::string& message) {
  std::string line = program + ": " + message;
  while (!line.empty() && (line.back() == '\n' || line.back() == ' ')) line.pop_back();
  for (char& c : line) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  line += '\n';
  std::cerr.write(line.data(), static_cast<std::streamsize>(line.size()));
  std::cerr.flush();
}

}  // namespace brew::cli
