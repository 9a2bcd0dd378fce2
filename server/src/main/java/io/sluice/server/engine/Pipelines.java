package io.sluice.server.engine;

import io.sluice.planner.JobPlan;
import io.sluice.planner.LivePlan;
import io.sluice.planner.catalog.CatalogObject;
import io.sluice.planner.catalog.StreamDef;
import io.sluice.planner.catalog.TableDef;
import io.sluice.planner.catalog.ViewDef;
import io.sluice.runtime.error.ErrorCode;
import io.sluice.runtime.error.SluiceException;
import io.sluice.runtime.driver.QueryMetrics;
import io.sluice.runtime.job.Maintainer;
import io.sluice.runtime.job.OutboxSink;
import io.sluice.runtime.job.Pipeline;
import io.sluice.runtime.job.Sink;
import io.sluice.runtime.job.StreamSink;
import io.sluice.runtime.job.TableSink;
import io.sluice.runtime.job.ViewSink;
import io.sluice.runtime.state.StoredStateStore;
import io.sluice.runtime.storage.KeyedTable;
import io.sluice.runtime.storage.Storage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.h2.mvstore.MVMap;

/**
 * Builds the pipelines of materialized views and jobs from their live plans: their inputs,
 * sinks and stored state, under names in the server's store ({@code view.NAME.*},
 * {@code job.ID.*}). A new one starts from nothing; one restored at start resumes from what its
 * last epoch committed.
 */
final class Pipelines {
  private final Storage storage;
  private final Maintainer maintainer;
  private final MVMap<String, Object> meta;
  /** Each job's target, by job id. */
  private final Map<String, String> targets = new ConcurrentHashMap<>();

  Pipelines(Storage storage, Maintainer maintainer) {
    this.storage = storage;
    this.maintainer = maintainer;
    this.meta = storage.map("sluice.meta");
  }

  /** The pipeline of materialized view {@code name}; not started. */
  Pipeline view(String name, LivePlan plan, String ddl, boolean fresh) {
    String prefix = "view." + name + ".";
    if (fresh) {
      storage.dropPrefix(prefix); // what a crash between DROP's two steps may have left
    }
    ViewSink sink = new ViewSink(storage, prefix + "result", name, plan.changelog(),
        maintainer);
    return pipeline(name, Pipeline.Kind.VIEW, prefix, plan, ddl, sink);
  }

  /** Starts job {@code id}; a fresh one reads its streams from what they retain. */
  void startJob(String id, JobPlan plan, String sql, boolean fresh) {
    String prefix = "job." + id + ".";
    if (fresh) {
      storage.dropPrefix(prefix);
    }
    CatalogObject target = plan.target();
    Sink sink;
    if (target instanceof StreamDef s) {
      sink = new StreamSink(s.log(), plan::check);
    } else if (((TableDef) target).rows() instanceof KeyedTable own) {
      sink = new TableSink(own, ((TableDef) target).primaryKey(), plan::check);
    } else {
      // Another database's table: written from an outbox, off the epochs (see OutboxSink).
      sink = new OutboxSink(storage, prefix + "outbox", ((TableDef) target).rows(),
          ((TableDef) target).primaryKey(), plan::check, id);
    }
    targets.put(id, target.name());
    try {
      maintainer.start(pipeline(id, Pipeline.Kind.JOB, prefix, plan.source(), sql, sink));
    } catch (RuntimeException e) {
      targets.remove(id);
      throw e;
    }
  }

  /** The stream or table job {@code id} writes, or null. */
  String target(String id) {
    return targets.get(id);
  }

  /** A new job id, never given before in this data directory: j1, j2, ... */
  String nextJobId() {
    long[] next = new long[1];
    storage.transaction(() -> {
      Object n = meta.get("next.job");
      next[0] = n == null ? 1 : (Long) n;
      meta.put("next.job", next[0] + 1);
    });
    return "j" + next[0];
  }

  private Pipeline pipeline(String name, Pipeline.Kind kind, String prefix, LivePlan plan,
      String sql, Sink sink) {
    List<Pipeline.Input> inputs = new ArrayList<>();
    for (CatalogObject source : plan.sources()) {
      if (source instanceof StreamDef s && s.generator() == null) {
        inputs.add(new Pipeline.StreamInput(s.name(), s.log()));
      } else if (source instanceof ViewDef v && v.materialized()) {
        inputs.add(new Pipeline.ViewInput(v.name(), v.result()));
      } else if (!(source instanceof StreamDef)) {
        throw new SluiceException(ErrorCode.UNSUPPORTED, "A " + kind.name().toLowerCase()
            + " reads streams and materialized views; " + source.name() + " is a "
            + source.kind().toLowerCase() + ", which it can join but not read as its input");
      } else {
        throw new SluiceException(ErrorCode.UNSUPPORTED, source.kind().charAt(0)
            + source.kind().substring(1).toLowerCase() + " " + source.name() + " is made by"
            + " the " + ((StreamDef) source).connector() + " connector, which cannot resume"
            + " from a position after a restart; a " + kind.name().toLowerCase() + " reads"
            + " memory streams and materialized views");
      }
    }
    StoredStateStore state = new StoredStateStore(storage, prefix + "state/");
    MVMap<String, Object> progress = storage.map(prefix + "progress");
    QueryMetrics metrics = new QueryMetrics(name);
    return new Pipeline(name, kind, sql, inputs, sink, state, progress,
        out -> plan.dataflow(List.of(), state, metrics, out));
  }
}
