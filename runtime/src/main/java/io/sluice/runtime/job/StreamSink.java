package io.sluice.runtime.job;

import io.sluice.runtime.change.ChangeBatch;
import io.sluice.runtime.change.ChangeKind;
import io.sluice.runtime.storage.StreamLog;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A job writing an append-only result into a stream. The epoch's rows are appended in the
 * epoch's transaction, so they commit with the job's input positions: after a crash the job
 * neither repeats nor loses a row. (The planner refuses update-mode results into a stream.)
 */
public final class StreamSink implements Sink {
  private final StreamLog log;
  private final Consumer<Object[]> check;
  private final List<Object[]> epoch = new ArrayList<>();
  private long rows;

  /** @param check validates a row for the stream (NOT NULL, lengths); throws a user error */
  public StreamSink(StreamLog log, Consumer<Object[]> check) {
    this.log = log;
    this.check = check;
  }

  @Override
  public void write(ChangeBatch changes) {
    for (int i = 0; i < changes.size(); i++) {
      if (changes.kind(i) != ChangeKind.INSERT) {
        throw new IllegalStateException("a stream takes inserts only, not " + changes.kind(i));
      }
      check.accept(changes.row(i));
      epoch.add(changes.row(i));
    }
  }

  @Override
  public void flush() {
    if (!epoch.isEmpty()) {
      log.append(new ArrayList<>(epoch));
      rows += epoch.size();
      epoch.clear();
    }
  }

  @Override
  public long rows() {
    return rows;
  }
}
