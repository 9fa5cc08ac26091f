package docplanner.gateway.tail;

import docplanner.gateway.upstream.Backoff;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import sun.misc.Signal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * {@code java -jar docplanner-gateway.jar tail}: the feed as JSON lines, for {@code jq} and for
 * operators (what {@code kafka-console-consumer} is to Kafka). A plain SSE subscriber of the feed
 * port with the JDK's HttpClient: it starts no server and no Redis. Each envelope is printed, then
 * recorded: in the checkpoint (broadcast) or acknowledged (group), under one lock that the exit
 * takes too, so whatever was printed is recorded when it exits on a signal.
 */
public final class Tail {

  private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);

  private final TailOptions options;
  private final PrintStream out;
  private final PrintStream err;
  private final Checkpoint checkpoint;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), RandomGenerator.getDefault());
  private final Object printing = new Object();
  private String consumer;
  private long printed;

  private Tail(TailOptions options, PrintStream out, PrintStream err) {
    this.options = options;
    this.out = out;
    this.err = err;
    this.checkpoint = options.checkpoint() == null ? null : new Checkpoint(options.checkpoint(), options.checkpointEvery());
    this.consumer = options.consumer();
  }

  /** Runs {@code tail args} until a signal, a closed stdout or {@code --max}; returns the exit code of a bad command line. */
  public static int run(String[] args) {
    TailOptions options;
    try {
      options = TailOptions.parse(args);
    } catch (TailOptions.HelpRequested help) {
      System.out.println(TailOptions.USAGE);
      return 0;
    } catch (IllegalArgumentException e) {
      System.err.println("docplanner-gateway tail: " + e.getMessage() + " (see tail --help)");
      return 2;
    }
    Tail tail = new Tail(options, System.out, System.err);
    Signal.handle(new Signal("INT"), s -> tail.exit(0));
    Signal.handle(new Signal("TERM"), s -> tail.exit(0));
    tail.exit(tail.follow());
    return 0;
  }

  /** Prints until done; reconnects after failures the gateway may recover from. */
  private int follow() {
    while (true) {
      try {
        int exit = subscribeOnce();
        if (exit >= 0) {
          return exit;
        }
        diagnostic("the feed ended; reconnecting");
      } catch (Refused e) {
        diagnostic(e.getMessage());
        return 2;
      } catch (IOException | RuntimeException e) {
        diagnostic("feed: " + e + "; reconnecting");
      } catch (InterruptedException e) {
        return 0;
      }
      Duration delay = backoff.next();
      try {
        Thread.sleep(delay.toMillis()); // the process's only thread of work: nothing to wake it but a signal, which exits
      } catch (InterruptedException e) {
        return 0;
      }
    }
  }

  /** One subscription: -1 when it ended (reconnect), else the exit code. */
  private int subscribeOnce() throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(options.subscription(checkpoint == null ? null : checkpoint.load(), consumer))
        .timeout(ANSWER_TIMEOUT).header("Accept", "text/event-stream");
    authorize(request);
    HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      if (response.statusCode() != 200) {
        String problem = new String(response.body().readNBytes(2048), StandardCharsets.UTF_8);
        String message = "GET /events answered " + response.statusCode() + ": " + problem;
        if (response.statusCode() >= 400 && response.statusCode() < 500 && response.statusCode() != 429) {
          throw new Refused(message);
        }
        throw new IOException(message);
      }
      backoff.reset();
      diagnostic("following " + options.url() + "/events" + (consumer == null ? "" : " as " + consumer));
      StringBuilder data = new StringBuilder();
      String line;
      while ((line = lines.readLine()) != null) {
        if (line.startsWith("data:")) {
          data.append(data.length() > 0 ? "\n" : "").append(line.substring(line.startsWith("data: ") ? 6 : 5));
        } else if (line.isEmpty() && data.length() > 0) {
          if (handle(data.toString())) {
            return 0;
          }
          data.setLength(0);
          if (checkpoint != null && !lines.ready()) {
            synchronized (printing) {
              checkpoint.flush(); // a quiet moment: the file catches up with what was printed
            }
          }
        }
      }
      return -1;
    }
  }

  /** One message; true when tail is done. */
  private boolean handle(String json) throws IOException, InterruptedException {
    JsonObject message;
    try {
      message = new JsonObject(json);
    } catch (DecodeException e) {
      diagnostic("skipped a message that is not JSON: " + json);
      return false;
    }
    String type = message.getString("type");
    if (type != null) {
      if (type.equals("subscribed")) {
        consumer = message.getString("consumer");
        diagnostic("subscribed to group " + message.getString("group") + " as consumer " + consumer);
      } else {
        diagnostic(type + ": " + json);
      }
      return false;
    }
    String id = message.getString("id");
    synchronized (printing) {
      out.println(json);
      if (out.checkError()) {
        exit(0); // stdout closed (| head): done, as cat would be
      }
      if (checkpoint != null) {
        checkpoint.printed(id);
      }
      if (options.group() != null) {
        ack(id);
      }
      printed++;
      return options.max() >= 0 && printed >= options.max();
    }
  }

  private void ack(String id) throws IOException, InterruptedException {
    String body = new JsonObject().put("group", options.group()).put("consumer", consumer)
        .put("ids", new JsonArray().add(id)).encode();
    HttpRequest.Builder request = HttpRequest.newBuilder(options.settle("ack")).timeout(ANSWER_TIMEOUT)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    authorize(request);
    HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() != 200) {
      diagnostic("ack of " + id + " answered " + answer.statusCode() + ": " + answer.body() + " (it will be redelivered)");
    }
  }

  private void authorize(HttpRequest.Builder request) {
    if (options.token() != null) {
      request.header("Authorization", "Bearer " + options.token());
    }
  }

  /** Exits with {@code code} once the line being printed, if any, is recorded. */
  private void exit(int code) {
    synchronized (printing) {
      if (checkpoint != null) {
        checkpoint.flush();
      }
      out.flush();
      System.exit(code);
    }
  }

  private void diagnostic(String text) {
    err.println("tail: " + text);
  }

  /** An answer that will not change by retrying (a bad filter, a wrong token). */
  private static final class Refused extends IOException {
    private static final long serialVersionUID = 1L;

    Refused(String message) {
      super(message);
    }
  }
}
