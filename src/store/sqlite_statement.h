#pragma once

#include <sqlite3.h>

#include <string>
#include <string_view>

namespace raycloud::store {

/// A prepared statement that finalizes itself; the only place sqlite3_stmt appears.
class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql) {
    sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr);
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& Bind(int index, const std::string& value) {
    sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Statement& Bind(int index, const char* value) { return Bind(index, std::string(value)); }
  Statement& Bind(int index, int value) {
    sqlite3_bind_int(stmt_, index, value);
    return *this;
  }
  /// Steps once; true while a row is available.
  bool Step() { return stmt_ != nullptr && sqlite3_step(stmt_) == SQLITE_ROW; }
  /// Runs a statement that returns no rows; true on success.
  bool Run() { return stmt_ != nullptr && sqlite3_step(stmt_) == SQLITE_DONE; }
  void Reset() { sqlite3_reset(stmt_); }
  std::string Text(int column) const {
    const unsigned char* text = sqlite3_column_text(stmt_, column);
    return text ? reinterpret_cast<const char*>(text) : "";
  }
  int Int(int column) const { return sqlite3_column_int(stmt_, column); }

 private:
  sqlite3_stmt* stmt_ = nullptr;
};

}  // namespace raycloud::store
