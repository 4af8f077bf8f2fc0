// Name: a short string from a small set -- a timeline event's source
// ("client", "server"), kind ("send", "log"), status ("OK"), level
// ("INFO") or stream id ("import") -- stored once for the whole process.
//
// A Name is one pointer to that stored string, so copying one costs what
// copying a pointer does, and two Names are equal exactly when they point
// to the same string. That is why TimelineEvent uses them: the timeline
// sets five of these per recorded event, on the path of every send and
// receive, where five std::string copies cost more than the rest of
// recording together (bench/timeline_overhead.py).
//
// Making a Name from text looks the text up in a process-wide table,
// under a lock, adding it the first time. So:
//   - make Names once, off hot paths (the timeline makes a stream's names
//     when it hands out the stream's observer);
//   - use Names for names, not free text: the table only grows.
// A Name stays valid for the life of the process; it is safe to use from
// any thread.
//
// It reads like the std::string it stands for: it converts to one
// (const std::string&), and compares with text and with other Names.
#pragma once

#include <ostream>
#include <string>
#include <string_view>

namespace brew {

class Name {
 public:
  Name() = default;  // the empty name
  // Implicit, so that `event.kind = "send"` reads as it would for a string
  // (and looks "send" up in the table).
  Name(std::string_view text);                                     // NOLINT
  Name(const char* text) : Name(std::string_view(text)) {}         // NOLINT
  Name(const std::string& text) : Name(std::string_view(text)) {}  // NOLINT

  const std::string& str() const { return text_ != nullptr ? *text_ : Empty(); }
  operator const std::string&() const { return str(); }  // NOLINT: reads as a string
  bool empty() const { return text_ == nullptr; }

  // Equal Names are the same stored string: one pointer compare.
  friend bool operator==(const Name& a, const Name& b) { return a.text_ == b.text_; }
  friend bool operator!=(const Name& a, const Name& b) { return a.text_ != b.text_; }
  // Against text, without making a Name of it (no table look-up).
  friend bool operator==(const Name& a, const char* b) { return a.str() == b; }
  friend bool operator!=(const Name& a, const char* b) { return a.str() != b; }
  friend bool operator==(const Name& a, const std::string& b) { return a.str() == b; }
  friend bool operator!=(const Name& a, const std::string& b) { return a.str() != b; }
  friend bool operator==(const Name& a, std::string_view b) { return a.str() == b; }
  friend bool operator!=(const Name& a, std::string_view b) { return a.str() != b; }
  friend bool operator==(const char* a, const Name& b) { return b == a; }
  friend bool operator!=(const char* a, const Name& b) { return b != a; }
  friend bool operator==(const std::string& a, const Name& b) { return b == a; }
  friend bool operator!=(const std::string& a, const Name& b) { return b != a; }
  friend bool operator==(std::string_view a, const Name& b) { return b == a; }
  friend bool operator!=(std::string_view a, const Name& b) { return b != a; }

  friend std::ostream& operator<<(std::ostream& out, const Name& name) { return out << name.str(); }

 private:
  static const std::string& Empty();

  // In the process-wide table (never freed); null for the empty name, so
  // that a default Name costs nothing to make.
  const std::string* text_ = nullptr;
};

}  // namespace brew
