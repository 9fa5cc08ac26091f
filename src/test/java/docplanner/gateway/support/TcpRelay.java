package docplanner.gateway.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay between the code under test and a backend (usually a {@link TestRedis}), which the
 * test controls, for network faults a real server cannot produce by itself:
 *
 * <ul>
 *   <li>{@link #blackhole()}: every open connection stops forwarding <em>and reading</em>, without
 *       sending anything (no FIN, no RST): the half-open case of a partition or a vanished NAT entry,
 *       which the kernel alone only notices after ~15 minutes of retransmits. New connections are
 *       accepted (the kernel completes the handshake anyway) and are just as silent.</li>
 *   <li>{@link #heal()}: new connections are forwarded again. Connections that were blackholed stay
 *       silent for good (their path is gone, as after a failover): the client must replace them.</li>
 *   <li>{@link #reset()}: closes every open connection with RST (SO_LINGER 0); new ones are forwarded.</li>
 *   <li>{@link #latency(Duration)}: every chunk, both ways, is held that long before it is forwarded.</li>
 *   <li>{@link #retarget(int)}: new connections go to another backend port; open ones keep theirs.</li>
 * </ul>
 *
 * <p>Listens on 127.0.0.1 on a free port; {@link #url()} is the {@code redis://} URL to configure.
 * Blocking sockets, two daemon threads per connection: this is test support, never an event loop.
 *
 * <pre>
 * &#64;RegisterExtension static final TestRedis redis = new TestRedis();
 * try (TcpRelay relay = TcpRelay.to(redis.port())) {
 *   Gateway gateway = TestGateways.start(relay.url());
 *   relay.blackhole(); ... relay.heal();   // or relay.retarget(otherRedis.port())
 * }
 * </pre>
 */
public final class TcpRelay implements AutoCloseable {

  private static final int CHUNK = 16 * 1024;

  private final ServerSocket server;
  private final Set<Pipe> pipes = ConcurrentHashMap.newKeySet();
  private final AtomicInteger accepted = new AtomicInteger();
  private volatile int targetPort;
  private volatile boolean blackholed;
  private volatile long latencyNanos;
  private volatile boolean closed;

  private TcpRelay(ServerSocket server, int targetPort) {
    this.server = server;
    this.targetPort = targetPort;
    Thread acceptor = new Thread(this::acceptLoop, "tcp-relay-accept-" + server.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** A relay forwarding to {@code 127.0.0.1:targetPort}. */
  public static TcpRelay to(int targetPort) {
    try {
      ServerSocket server = new ServerSocket();
      server.setReuseAddress(true);
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
      return new TcpRelay(server, targetPort);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The port the relay listens on. */
  public int port() {
    return server.getLocalPort();
  }

  /** {@code redis://127.0.0.1:<port>}, the URL the code under test should use. */
  public String url() {
    return "redis://127.0.0.1:" + port();
  }

  /** Connections accepted since the start (a client reconnecting shows up here). */
  public int accepted() {
    return accepted.get();
  }

  /** Connections currently open through the relay (blackholed ones included until closed by the relay). */
  public int open() {
    return pipes.size();
  }

  /** Open connections and new ones go silent: nothing forwarded, nothing read, nothing closed. */
  public void blackhole() {
    blackholed = true;
    for (Pipe pipe : pipes) {
      pipe.blackholed = true;
    }
  }

  /** New connections are forwarded again; connections blackholed before stay silent. */
  public void heal() {
    blackholed = false;
  }

  /** Closes every open connection with RST on both sides; new connections are forwarded as usual. */
  public void reset() {
    for (Pipe pipe : pipes) {
      pipe.abort();
    }
  }

  /** Holds every chunk this long before forwarding it, both ways ({@link Duration#ZERO} for none). */
  public void latency(Duration latency) {
    latencyNanos = latency.toNanos();
  }

  /** New connections go to {@code 127.0.0.1:port}; open ones keep their backend. */
  public void retarget(int port) {
    targetPort = port;
  }

  /** Stops listening and closes every connection (with RST). */
  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    reset();
  }

  private void acceptLoop() {
    while (!closed) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      accepted.incrementAndGet();
      Pipe pipe = new Pipe(client);
      pipes.add(pipe);
      if (blackholed) {
        pipe.blackholed = true; // accepted by the kernel anyway; never read nor connected onwards
        continue;
      }
      try {
        pipe.connect(targetPort);
      } catch (IOException e) {
        pipe.abort(); // the backend refuses: so does the relay
      }
    }
  }

  /** One relayed connection: the client's socket, the backend's, one pumping thread each way. */
  private final class Pipe {
    private final Socket client;
    private volatile Socket backend;
    private volatile boolean blackholed;

    Pipe(Socket client) {
      this.client = client;
    }

    void connect(int port) throws IOException {
      Socket socket = new Socket();
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
      socket.setTcpNoDelay(true);
      client.setTcpNoDelay(true);
      backend = socket;
      pump(client, socket, "up");
      pump(socket, client, "down");
    }

    private void pump(Socket from, Socket to, String direction) {
      Thread thread = new Thread(() -> {
        byte[] buffer = new byte[CHUNK];
        try {
          InputStream in = from.getInputStream();
          OutputStream out = to.getOutputStream();
          while (!blackholed) {
            int n = in.read(buffer);
            if (n < 0) {
              break;
            }
            hold();
            if (blackholed) {
              break; // the chunk is lost with the path; stop reading
            }
            out.write(buffer, 0, n);
            out.flush();
          }
          if (!blackholed) {
            finish();
          }
        } catch (IOException e) {
          if (!blackholed) {
            abort();
          }
        }
      }, "tcp-relay-" + direction + "-" + from.getPort());
      thread.setDaemon(true);
      thread.start();
    }

    private void hold() {
      long nanos = latencyNanos;
      if (nanos > 0) {
        try {
          TimeUnit.NANOSECONDS.sleep(nanos); // the relay's own thread: this is the simulated wire delay
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }

    /** An orderly end seen on one side: close both (FIN). */
    private void finish() {
      pipes.remove(this);
      closeQuietly(client);
      closeQuietly(backend);
    }

    /** Both sides closed with RST. */
    void abort() {
      pipes.remove(this);
      rst(client);
      rst(backend);
    }

    private void rst(Socket socket) {
      if (socket == null) {
        return;
      }
      try {
        socket.setSoLinger(true, 0);
      } catch (SocketException ignored) {
        // already closed
      }
      closeQuietly(socket);
    }

    private void closeQuietly(Socket socket) {
      if (socket != null) {
        try {
          socket.close();
        } catch (IOException ignored) {
          // nothing left to do
        }
      }
    }
  }
}
