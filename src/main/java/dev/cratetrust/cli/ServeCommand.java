package dev.cratetrust.cli;

import dev.cratetrust.crates.UnavailableException;
import dev.cratetrust.store.Database;
import dev.cratetrust.web.SiteContext;
import dev.cratetrust.web.SiteServer;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cratetrust serve}: the web site on a store. Prints the site's URL as the first line of
 * standard output, writes the access log to standard error, and stops gracefully on SIGTERM or
 * Ctrl-C.
 */
@Command(name = "serve", description = "Serve the web site (crate pages, API) on a store.")
public final class ServeCommand implements Callable<Integer> {
  @Option(
      names = "--port",
      paramLabel = "N",
      description = "TCP port; 0 picks a free one (default 8080).")
  int port = 8080;

  @Option(
      names = "--host",
      paramLabel = "ADDRESS",
      description = "Address to listen on (default 127.0.0.1).")
  String host = "127.0.0.1";

  @Option(names = "--db", paramLabel = "PATH", description = "Store (file path or postgresql://).")
  String db;

  @Option(names = "--read-only", description = "Refuse every write request (for a public mirror).")
  boolean readOnly;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws UnavailableException, InterruptedException {
    if (port < 0 || port > 65535) {
      throw new UsageException("--port " + port + " is not a TCP port (0 to 65535)");
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Database store = Database.open(db != null ? db : Database.defaultPath().toString());
    SiteServer server;
    try {
      server =
          SiteServer.start(
              new SiteContext(store, Clock.systemUTC(), readOnly),
              SiteServer.Options.defaults(
                      port,
                      line -> {
                        synchronized (err) {
                          err.println(line);
                          err.flush();
                        }
                      })
                  .withHost(host));
    } catch (RuntimeException e) {
      store.close();
      throw new UnavailableException(
          "serve on " + host + ":" + port + ": cannot listen: " + e.getMessage(), e);
    }
    out.println(server.uri());
    out.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              server.stop();
              store.close();
              synchronized (err) {
                err.println("cratetrust: serve: stopped (requests in flight finished)");
                err.flush();
              }
              stopped.countDown();
            },
            "cratetrust-serve-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    stopped.await();
    return ExitCode.OK.code();
  }
}
