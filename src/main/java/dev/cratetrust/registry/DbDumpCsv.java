package dev.cratetrust.registry;

import dev.cratetrust.crates.InputText;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A streaming RFC 4180 reader for one CSV file of a crates.io dump that keeps only the columns the
 * caller names, so huge unused fields (readmes, descriptions) never sit in memory.
 *
 * <p>Columns are found by header name; a file's column order is never assumed. Empty unquoted
 * fields (PostgreSQL's NULL) and {@code ""} (the empty string) both read as {@code ""}.
 */
final class DbDumpCsv {
  /** Longest value of a kept column; longer ones make the dump invalid. */
  static final int MAX_KEPT_FIELD = 64 * 1024;

  private final Reader in;
  private final String file;
  private final char[] buf = new char[1 << 16];
  private int pos;
  private int len;
  private long line = 1;
  private final int[] slotOfColumn;
  private final int columns;
  private final StringBuilder field = new StringBuilder();

  /**
   * Reads the header of {@code in} and prepares to return {@code wanted} columns, in that order.
   * Names in {@code optional} may be missing (their value is then null).
   */
  DbDumpCsv(Reader in, String file, List<String> wanted, List<String> optional)
      throws IOException, DbDumpException {
    this.in = in;
    this.file = file;
    List<String> header = new ArrayList<>();
    if (!readRow(header)) {
      throw new DbDumpException("read db-dump " + file + ": the file is empty (no header row)");
    }
    columns = header.size();
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < header.size(); i++) {
      index.putIfAbsent(header.get(i), i);
    }
    slotOfColumn = new int[columns];
    Arrays.fill(slotOfColumn, -1);
    for (int slot = 0; slot < wanted.size(); slot++) {
      Integer col = index.get(wanted.get(slot));
      if (col == null) {
        if (optional.contains(wanted.get(slot))) {
          continue;
        }
        throw new DbDumpException(
            "read db-dump "
                + file
                + ": column '"
                + wanted.get(slot)
                + "' is missing (header has "
                + InputText.printable(String.join(",", header))
                + ")");
      }
      slotOfColumn[col] = slot;
    }
  }

  /** Fills {@code row} with the wanted columns of the next record; false at end of file. */
  boolean next(String[] row) throws IOException, DbDumpException {
    Arrays.fill(row, null);
    long start = line;
    int n = readFields(row);
    if (n == 0) {
      return false;
    }
    if (n != columns) {
      throw new DbDumpException(
          "read db-dump "
              + file
              + ": record at line "
              + start
              + " has "
              + n
              + " fields, the header has "
              + columns);
    }
    return true;
  }

  private boolean readRow(List<String> header) throws IOException, DbDumpException {
    int c = peek();
    if (c < 0) {
      return false;
    }
    while (true) {
      boolean end = readField(true);
      header.add(field.toString());
      if (end) {
        return true;
      }
    }
  }

  /** Returns how many fields the record had, 0 at end of input. */
  private int readFields(String[] row) throws IOException, DbDumpException {
    if (peek() < 0) {
      return 0;
    }
    int col = 0;
    while (true) {
      int slot = col < slotOfColumn.length ? slotOfColumn[col] : -1;
      boolean end = readField(slot >= 0);
      if (slot >= 0) {
        row[slot] = field.toString();
      }
      col++;
      if (end) {
        return col;
      }
    }
  }

  /** Reads one field into {@link #field} (if {@code keep}); true when it ended its record. */
  private boolean readField(boolean keep) throws IOException, DbDumpException {
    field.setLength(0);
    int c = read();
    if (c == '"') {
      long opened = line;
      while (true) {
        c = read();
        if (c < 0) {
          throw new DbDumpException(
              "read db-dump " + file + ": quoted field opened at line " + opened + " never ends");
        }
        if (c == '"') {
          int d = peek();
          if (d == '"') {
            read();
            append(keep, '"');
            continue;
          }
          c = read();
          break;
        }
        append(keep, (char) c);
      }
      if (c == ',') {
        return false;
      }
      if (c < 0 || c == '\n') {
        return true;
      }
      if (c == '\r' && peek() == '\n') {
        read();
        return true;
      }
      throw new DbDumpException(
          "read db-dump " + file + ": unexpected character after closing quote at line " + line);
    }
    while (true) {
      if (c < 0 || c == '\n') {
        return true;
      }
      if (c == '\r' && peek() == '\n') {
        read();
        return true;
      }
      if (c == ',') {
        return false;
      }
      if (c == '"') {
        throw new DbDumpException(
            "read db-dump " + file + ": quote inside an unquoted field at line " + line);
      }
      append(keep, (char) c);
      c = read();
    }
  }

  private void append(boolean keep, char c) throws DbDumpException {
    if (!keep) {
      return;
    }
    if (field.length() >= MAX_KEPT_FIELD) {
      throw new DbDumpException(
          "read db-dump "
              + file
              + ": field at line "
              + line
              + " is longer than "
              + MAX_KEPT_FIELD
              + " characters");
    }
    field.append(c);
  }

  private int peek() throws IOException {
    if (pos == len && !fill()) {
      return -1;
    }
    return buf[pos];
  }

  private int read() throws IOException {
    if (pos == len && !fill()) {
      return -1;
    }
    char c = buf[pos++];
    if (c == '\n') {
      line++;
    }
    return c;
  }

  private boolean fill() throws IOException {
    int n = in.read(buf, 0, buf.length);
    if (n <= 0) {
      return false;
    }
    pos = 0;
    len = n;
    return true;
  }
}
