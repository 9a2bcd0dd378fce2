package io.sluice.shell;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import sqlline.Application;
import sqlline.OutputFormat;
import sqlline.SluiceTableOutputFormat;
import sqlline.SqlLine;
import sqlline.SqlLineOpts;

/** sqlline as Sluice's shell: its greeting and its table format; other formats are sqlline's. */
public final class SluiceApplication extends Application {

  @Override
  public String getInfoMessage() {
    return "Sluice shell " + getVersion() + ". End each statement with ';'. A live query"
        + " (SELECT STREAM) shows rows as they arrive; Ctrl-C stops it. !help lists commands,"
        + " !quit leaves.";
  }

  @Override
  public String getVersion() {
    Properties p = new Properties();
    try (InputStream in = SluiceApplication.class.getResourceAsStream("shell.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // the version is only shown; unknown is fine
    }
    return p.getProperty("version", "(unknown version)");
  }

  @Override
  public Map<String, OutputFormat> getOutputFormats(SqlLine sqlLine) {
    Map<String, OutputFormat> formats = new HashMap<>(super.getOutputFormats(sqlLine));
    formats.put("table", new SluiceTableOutputFormat(sqlLine));
    return formats;
  }

  /** Keeps the options sqlline has already read (system properties, the command line). */
  @Override
  public SqlLineOpts getOpts(SqlLine sqlLine) {
    return sqlLine.getOpts();
  }
}
