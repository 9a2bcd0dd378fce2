package io.sluice.testing.slt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A parsed {@code .slt} file: records separated by blank lines, {@code #} comments.
 *
 * <pre>
 * statement ok | statement error SQLSTATE [message part]   then the SQL
 * query [rowsort]                                          then SQL, "----", expected rows
 * live NAME                                                then a SELECT STREAM
 * expect NAME                                              then the next rows NAME must give
 * expect NAME nothing | expect NAME end                    no row arrives | the result ended
 * cancel NAME                                              closes the live query
 * restart                                                  restarts on the same data directory
 * nooracle NAME                                            skips NAME's stream-equals-batch check
 * </pre>
 *
 * Expected rows are written one per line, values separated by one space. At the end of the
 * file, every live query still open is checked against the same query run as batch.
 */
record SltScript(Path file, List<Record> records) {
  /** One directive, with the line it starts on. */
  record Record(int line, String directive, List<String> args, String sql, List<String> expected) {}

  static SltScript parse(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file);
    List<Record> records = new ArrayList<>();
    int i = 0;
    while (i < lines.size()) {
      String head = lines.get(i).strip();
      if (head.isEmpty() || head.startsWith("#")) {
        i++;
        continue;
      }
      int start = i + 1;
      List<String> words = List.of(head.split("\\s+"));
      String directive = words.get(0);
      List<String> args = words.subList(1, words.size());
      i++;
      List<String> body = new ArrayList<>();
      while (i < lines.size() && !lines.get(i).isBlank()) {
        if (!lines.get(i).strip().startsWith("#")) {
          body.add(lines.get(i));
        }
        i++;
      }
      String sql = "";
      List<String> expected = new ArrayList<>();
      switch (directive) {
        case "statement", "live" -> sql = String.join("\n", body);
        case "query" -> {
          int sep = body.indexOf("----");
          if (sep < 0) {
            throw new IOException(file + ":" + start + ": query without ----");
          }
          sql = String.join("\n", body.subList(0, sep));
          for (String row : body.subList(sep + 1, body.size())) {
            expected.add(row.strip());
          }
        }
        case "expect" -> body.forEach(row -> expected.add(row.strip()));
        case "cancel", "restart", "nooracle" -> { }
        default -> throw new IOException(file + ":" + start + ": unknown directive " + directive);
      }
      records.add(new Record(start, directive, args, sql, expected));
    }
    return new SltScript(file, records);
  }
}
