package io.sluice.server.engine;

import io.sluice.planner.JobPlan;
import io.sluice.planner.QueryPlanner;
import io.sluice.planner.ViewPlan;
import io.sluice.planner.calcite.Errors;
import io.sluice.planner.catalog.Catalog;
import io.sluice.planner.catalog.CatalogObject;
import io.sluice.planner.catalog.StreamDef;
import io.sluice.planner.catalog.TableDef;
import io.sluice.planner.catalog.ViewDef;
import io.sluice.planner.ddl.DdlTranslator;
import io.sluice.planner.ddl.JdbcTables;
import io.sluice.planner.ddl.ObjectSpec;
import io.sluice.planner.parser.NestingLimit;
import io.sluice.planner.parser.SluiceParser;
import io.sluice.planner.parser.SqlCreateStream;
import io.sluice.planner.parser.SqlCreateTable;
import io.sluice.planner.parser.SqlCreateView;
import io.sluice.runtime.error.ErrorCode;
import io.sluice.runtime.error.SluiceException;
import io.sluice.runtime.job.Maintainer;
import io.sluice.runtime.job.ViewCut;
import io.sluice.runtime.job.Pipeline;
import io.sluice.runtime.storage.KeyedTable;
import io.sluice.runtime.storage.Storage;
import io.sluice.runtime.storage.StreamLog;
import io.sluice.runtime.storage.TableRows;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Sluice instance: catalog, storage, planner and running queries, opened on a data
 * directory (or in memory). Sessions execute statements against it; the Avatica server and the
 * embedded test runner are both just clients of sessions.
 */
public final class Engine implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Engine.class);
  /** Statements whose plans are kept, least recently used leaving first. */
  private static final int PLAN_CACHE_ENTRIES = 1000;

  private final EngineConfig config;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final Storage storage;
  private final CatalogStore catalogStore;
  private final Catalog catalog = new Catalog();
  private final QueryPlanner planner;
  private final DdlTranslator ddl;
  private final QueryManager queries;
  private final AtomicLong catalogVersion = new AtomicLong();
  private final PlanCache plans = new PlanCache(PLAN_CACHE_ENTRIES);
  private final AtomicLong sessionIds = new AtomicLong();
  private final Maintainer maintainer;
  private final Pipelines pipelines;

  private Engine(EngineConfig config, FileChannel lockChannel, FileLock lock, Storage storage,
      CatalogStore catalogStore) {
    this.config = config;
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.storage = storage;
    this.catalogStore = catalogStore;
    this.planner = new QueryPlanner(catalog);
    this.ddl = new DdlTranslator(planner.frontend(), config.defaultRetention());
    this.queries = new QueryManager(config.liveIdleTimeout(), config.liveBufferRows());
    this.maintainer = new Maintainer(storage);
    this.pipelines = new Pipelines(storage, maintainer);
    planner.frontend().system().register(Commands.systemTables(this));
    planner.viewCuts(() -> viewCut(Long.MAX_VALUE));
  }

  /**
   * The committed version to read materialized views at, once the first {@code appends}
   * appends (a session's own writes) are in it; {@code Long.MAX_VALUE}: every append so far.
   */
  ViewCut viewCut(long appends) {
    try {
      return maintainer.readCut(appends, VIEW_READ_WAIT_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SluiceException(ErrorCode.QUERY_CANCELLED, "The statement was cancelled");
    }
  }

  /**
   * How long a statement reading materialized views waits for them to process its session's
   * own INSERTs; after that it reads them as they are, at one consistent input position.
   */
  private static final long VIEW_READ_WAIT_MILLIS = 2_000;

  /**
   * Opens the engine: locks the data directory (one server per directory), opens the stores and
   * replays the catalog. Throws {@link DataDirInUseException} if another server holds it.
   */
  public static Engine open(EngineConfig config) throws IOException, SQLException {
    Path dir = config.dataDir();
    FileChannel channel = null;
    FileLock lock = null;
    Storage storage;
    if (dir != null) {
      Files.createDirectories(dir);
      channel = FileChannel.open(dir.resolve("sluice.lock"), StandardOpenOption.CREATE,
          StandardOpenOption.WRITE);
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        channel.close();
        throw new DataDirInUseException(dir);
      }
      storage = Storage.open(dir.resolve("rows.mv.db"), config.fsync());
    } else {
      storage = Storage.inMemory();
    }
    CatalogStore store = CatalogStore.open(dir);
    Engine engine = new Engine(config, channel, lock, storage, store);
    engine.replayCatalog();
    return engine;
  }

  /** Thrown when another server already uses the data directory. */
  public static final class DataDirInUseException extends IOException {
    private static final long serialVersionUID = 1L;

    DataDirInUseException(Path dir) {
      super("Data directory " + dir.toAbsolutePath() + " is in use by another Sluice server;"
          + " stop that server or start this one with --data-dir <another directory>");
    }
  }

  private void replayCatalog() throws SQLException {
    // No epoch runs until every view and job is back: a view restored early would otherwise
    // process its backlog and hand changes to views over it not yet subscribed to it.
    maintainer.epochLock().lock();
    try {
      replayEntries();
    } finally {
      maintainer.epochLock().unlock();
    }
    LOG.info("Catalog restored: {}", contents());
  }

  private void replayEntries() throws SQLException {
    for (CatalogStore.Entry e : catalogStore.load()) {
      try {
        SqlNode node = SluiceParser.parseStatement(e.ddl());
        if (node instanceof SqlCreateView view) {
          addView(view, e.ddl(), false);
          continue;
        }
        if (e.kind().equals(JOB_KIND)) {
          JobPlan plan = (JobPlan) planner.plan(node);
          pipelines.startJob(jobId(e.name()), plan, e.ddl(), false);
          continue;
        }
        ObjectSpec spec = node instanceof SqlCreateStream s ? ddl.stream(s)
            : ddl.table((SqlCreateTable) node);
        catalog.add(materialize(spec, e.ddl()));
        ObjectSpec late = ddl.lateRows(spec);
        if (late != null) {
          catalog.add(materialize(late, lateRowsDdl(spec)));
        }
      } catch (SqlParseException | RuntimeException ex) {
        // Not the definition itself: a jdbc table's holds its password.
        LOG.error("Could not restore {} {} from its definition; it is skipped", e.kind(),
            e.name(), ex);
      }
    }
  }

  /**
   * Where the data lives and what it holds, for the operator: "/srv/sluice/data (2 streams,
   * 1 table)", or "memory (...)" for an engine without a data directory.
   */
  public String contents() {
    long streams = catalog.list().stream().filter(o -> o.kind().equals("STREAM")).count();
    long tables = catalog.list().stream().filter(o -> o.kind().equals("TABLE")).count();
    Path dir = config.dataDir();
    return (dir == null ? "memory" : dir.toAbsolutePath().normalize().toString()) + " ("
        + streams + (streams == 1 ? " stream, " : " streams, ")
        + tables + (tables == 1 ? " table)" : " tables)");
  }

  /** The catalog store's kind for a job; its entry is named {@code job:<id>}. */
  private static final String JOB_KIND = "JOB";

  private static String jobId(String entryName) {
    return entryName.substring("job:".length());
  }

  /**
   * Creates a view: a plain one is stored and named; a materialized one also starts the
   * pipeline that keeps its result (computing it first over what its streams retain).
   */
  synchronized boolean createView(SqlCreateView create, String ddlText) {
    String name = create.name().names.get(create.name().names.size() - 1);
    if (catalog.find(name).isPresent()) {
      if (create.ifNotExists()) {
        return false;
      }
      CatalogObject existing = catalog.find(name).get();
      throw new SluiceException(ErrorCode.OBJECT_EXISTS, existing.kind().charAt(0)
          + existing.kind().substring(1).toLowerCase() + " " + name + " already exists;"
          + " DROP it first, pick another name, or write CREATE ... IF NOT EXISTS");
    }
    ViewDef view = addView(create, ddlText, true);
    try {
      catalogStore.insert(new CatalogStore.Entry(name, view.kind(), ddlText));
    } catch (SQLException e) {
      catalog.remove(name);
      if (view.materialized()) {
        maintainer.drop(name);
      }
      throw new IllegalStateException("could not store the definition of " + name, e);
    }
    catalogVersion.incrementAndGet();
    return true;
  }

  /** Plans a view and adds it to the catalog, starting its pipeline if it is materialized. */
  private ViewDef addView(SqlCreateView create, String ddlText, boolean fresh) {
    String name = create.name().names.get(create.name().names.size() - 1);
    ViewPlan plan = planner.planView(create);
    Map<String, String> options = new LinkedHashMap<>();
    create.options().forEach(o -> options.put(o.key().toLowerCase(), o.value()));
    String query = queryText(create, ddlText);
    if (!create.materialized()) {
      ViewDef view = new ViewDef(name, plan.columns(), query, options, ddlText, plan.reads(),
          null);
      catalog.add(view);
      return view;
    }
    Pipeline pipeline = pipelines.view(name, plan.live(), ddlText, fresh);
    ViewDef view = new ViewDef(name, plan.columns(), query, options, ddlText, plan.reads(),
        pipeline);
    catalog.add(view);
    try {
      maintainer.start(pipeline);
    } catch (RuntimeException e) {
      catalog.remove(name);
      throw e;
    }
    return view;
  }

  /** The text of the view's query: what follows AS in its definition. */
  private static String queryText(SqlCreateView create, String ddlText) {
    var pos = create.query().getParserPosition();
    String[] lines = ddlText.split("\n", -1);
    int offset = 0;
    for (int i = 0; i < pos.getLineNum() - 1 && i < lines.length; i++) {
      offset += lines[i].length() + 1;
    }
    int start = offset + pos.getColumnNum() - 1;
    String text = ddlText.substring(Math.max(0, Math.min(start, ddlText.length()))).trim();
    // A query that starts with '(' parses to its inside: its position is after the paren.
    return text.endsWith(";") ? text.substring(0, text.length() - 1) : text;
  }

  /** Starts a job: {@code INSERT INTO target SELECT STREAM ...}; returns its id. */
  synchronized String startJob(JobPlan plan, String sql) {
    String id = pipelines.nextJobId();
    pipelines.startJob(id, plan, sql, true);
    try {
      catalogStore.insert(new CatalogStore.Entry("job:" + id, JOB_KIND, sql));
    } catch (SQLException e) {
      maintainer.drop(id);
      throw new IllegalStateException("could not store job " + id, e);
    }
    return id;
  }

  /** Stops and removes a job; false if there is none with that id. */
  synchronized boolean stopJob(String id) {
    Pipeline p = maintainer.find(id);
    if (p == null || p.kind() != Pipeline.Kind.JOB) {
      return false;
    }
    try {
      catalogStore.delete("job:" + id);
    } catch (SQLException e) {
      throw new IllegalStateException("could not remove job " + id, e);
    }
    maintainer.drop(id);
    return true;
  }

  /** A view or job that reads an object: what it is ("job", "view", ...) and its name. */
  private record Dependent(String what, String name) {
    @Override
    public String toString() {
      return what + " " + name;
    }
  }

  /** The views and jobs that read {@code name} (or, for jobs, write it). */
  private List<Dependent> dependents(String name) {
    List<Dependent> out = new ArrayList<>();
    for (CatalogObject o : catalog.list()) {
      if (o instanceof ViewDef v && v.reads().contains(name) && !v.name().equals(name)) {
        out.add(new Dependent(v.kind().toLowerCase(), v.name()));
      }
    }
    for (Pipeline p : maintainer.list()) {
      if (p.kind() == Pipeline.Kind.JOB
          && (p.reads().contains(name) || name.equals(pipelines.target(p.name())))) {
        out.add(new Dependent("job", p.name()));
      }
    }
    return out;
  }

  /** What SHOW and DESCRIBE give as the definition of a late-rows stream. */
  private static String lateRowsDdl(ObjectSpec of) {
    return "-- late rows of " + of.name() + " (created and dropped with it)";
  }

  /** The stream that keeps late rows of {@code name}, or null. */
  private StreamDef lateRowsOwner(String name) {
    for (CatalogObject o : catalog.list()) {
      if (o instanceof StreamDef s && name.equals(s.options().get(StreamDef.LATE_ROWS))) {
        return s;
      }
    }
    return null;
  }

  private CatalogObject materialize(ObjectSpec spec, String ddlText) {
    if (spec.stream()) {
      StreamLog log = StreamLog.open(storage, spec.name(), spec.retention());
      return new StreamDef(spec.name(), spec.columns(), spec.watermark(), spec.options(), ddlText,
          log, spec.generator());
    }
    TableRows rows = JdbcTables.isJdbc(spec) ? JdbcTables.open(spec)
        : KeyedTable.open(storage, spec.name(), spec.primaryKey());
    return new TableDef(spec.name(), spec.columns(), spec.primaryKey(), spec.options(), ddlText,
        rows);
  }

  /**
   * Creates a stream or table durably. Returns false if it existed and the statement said
   * IF NOT EXISTS.
   */
  synchronized boolean create(ObjectSpec spec, String ddlText) {
    if (catalog.find(spec.name()).isPresent()) {
      if (spec.ifNotExists()) {
        return false;
      }
      CatalogObject existing = catalog.find(spec.name()).get();
      throw new SluiceException(ErrorCode.OBJECT_EXISTS, existing.kind().charAt(0)
          + existing.kind().substring(1).toLowerCase() + " " + spec.name() + " already exists;"
          + " DROP it first, pick another name, or write CREATE ... IF NOT EXISTS");
    }
    ObjectSpec late = ddl.lateRows(spec);
    if (late != null && catalog.find(late.name()).isPresent()) {
      throw new SluiceException(ErrorCode.OBJECT_EXISTS, "Option 'late.rows' names "
          + late.name() + ", which already exists; name a new stream for the late rows");
    }
    JdbcTables.verifyIfJdbc(spec); // the external table must exist: connects once
    CatalogObject object = materialize(spec, ddlText);
    try {
      catalogStore.insert(new CatalogStore.Entry(spec.name(), object.kind(), ddlText));
    } catch (SQLException e) {
      throw new IllegalStateException("could not store the definition of " + spec.name(), e);
    }
    catalog.add(object);
    if (late != null) {
      catalog.add(materialize(late, lateRowsDdl(spec)));
    }
    catalogVersion.incrementAndGet();
    return true;
  }

  /**
   * Drops a stream, table or view and its rows; live queries over it end with an error. Views
   * and jobs over it are refused (2BP01), or dropped first with {@code cascade}.
   */
  synchronized boolean drop(String name, String kind, boolean ifExists, boolean cascade) {
    CatalogObject object = catalog.find(name).orElse(null);
    boolean viewKind = kind.equals("VIEW") && object instanceof ViewDef;
    if (object == null || !(object.kind().equals(kind) || viewKind)) {
      if (ifExists) {
        return false;
      }
      String what = kind.toLowerCase();
      String hint = object == null ? "; SHOW " + kind + "S lists what exists"
          : ", but a " + object.kind().toLowerCase() + " of that name does: DROP "
              + object.kind() + " " + name;
      throw new SluiceException(ErrorCode.OBJECT_NOT_FOUND, "No " + what + " named " + name
          + hint);
    }
    List<Dependent> dependents = dependents(name);
    if (!dependents.isEmpty() && !cascade) {
      throw new SluiceException(ErrorCode.DEPENDENT_OBJECTS_EXIST, "Cannot drop "
          + object.kind().toLowerCase() + " " + name + ": "
          + String.join(", ", dependents.stream().map(Dependent::toString).toList())
          + (dependents.size() == 1 ? " reads" : " read") + " it. Drop "
          + (dependents.size() == 1 ? "that" : "those") + " first, or write DROP "
          + object.kind() + " " + name + " CASCADE to drop them with it");
    }
    for (Dependent d : dependents) {
      if (d.what().equals("job")) {
        stopJob(d.name());
      } else if (catalog.find(d.name()).isPresent()) {
        drop(d.name(), "VIEW", true, true);
      }
    }
    StreamDef owner = lateRowsOwner(name);
    if (owner != null) {
      throw new SluiceException(ErrorCode.UNSUPPORTED, name + " keeps the late rows of "
          + owner.name() + " and goes with it: DROP STREAM " + owner.name());
    }
    try {
      catalogStore.delete(name);
    } catch (SQLException e) {
      throw new IllegalStateException("could not remove the definition of " + name, e);
    }
    catalog.remove(name);
    catalogVersion.incrementAndGet();
    queries.endReadersOf(name, kind.toLowerCase());
    if (object instanceof ViewDef v) {
      if (v.materialized()) {
        maintainer.drop(name);
      }
    } else if (object instanceof StreamDef s) {
      s.log().drop();
      String late = s.options().get(StreamDef.LATE_ROWS);
      if (late != null && catalog.find(late).orElse(null) instanceof StreamDef l) {
        catalog.remove(late);
        l.log().drop();
      }
    } else {
      ((TableDef) object).rows().drop();
    }
    return true;
  }

  public Session newSession() {
    return new Session(this, "s" + sessionIds.incrementAndGet());
  }

  SqlNode parse(String sql) {
    NestingLimit.check(sql);
    try {
      return SluiceParser.parseStatement(sql);
    } catch (SqlParseException e) {
      throw Errors.parse(e);
    }
  }

  public Catalog catalog() {
    return catalog;
  }

  QueryPlanner planner() {
    return planner;
  }

  DdlTranslator ddl() {
    return ddl;
  }

  public QueryManager queries() {
    return queries;
  }

  /** Plans by statement text, shared by every session. */
  PlanCache plans() {
    return plans;
  }

  long catalogVersion() {
    return catalogVersion.get();
  }

  public EngineConfig config() {
    return config;
  }

  /** The materialized views and jobs, as SHOW VIEWS and SHOW JOBS list them. */
  public Maintainer maintainer() {
    return maintainer;
  }

  Pipelines pipelines() {
    return pipelines;
  }

  @Override
  public void close() throws IOException {
    queries.close();
    maintainer.close();
    catalog.list().forEach(JdbcTables::close);
    storage.close();
    try {
      catalogStore.close();
    } catch (SQLException e) {
      LOG.warn("Closing the catalog store failed", e);
    }
    if (lock != null) {
      lock.release();
      lockChannel.close();
    }
  }
}
