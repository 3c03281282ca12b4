package dev.ampsync.internal.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny HTTP/1.1 server on 127.0.0.1 that answers as what stands in front of Amplitude may: the
 * {@link Behaviour} of the n-th request decides (answer, trickle the body, never answer). Records
 * each connection the client abandoned (the server saw it closed before its answer was complete).
 */
final class StandInServer implements AutoCloseable {
  /** What the server does with the n-th request (0-based), on the request's socket. */
  interface Behaviour {
    /** Answers (or not); returns whether the connection may serve another request. */
    boolean serve(int n, Socket socket) throws IOException, InterruptedException;
  }

  private final ServerSocket server;
  private final Behaviour behaviour;
  private final AtomicInteger requests = new AtomicInteger();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  /** Counts down once per connection the client closed while the server still had to answer. */
  final CountDownLatch abandoned;
  private final Thread acceptor;

  StandInServer(int expectAbandoned, Behaviour behaviour) throws IOException {
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.behaviour = behaviour;
    this.abandoned = new CountDownLatch(expectAbandoned);
    this.acceptor = new Thread(this::accept, "stand-in-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort());
  }

  int port() {
    return server.getLocalPort();
  }

  /** How many requests arrived. */
  int requests() {
    return requests.get();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        sockets.add(socket);
        Thread connection = new Thread(() -> connection(socket), "stand-in-connection");
        connection.setDaemon(true);
        connection.start();
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void connection(Socket socket) {
    try (socket) {
      while (readRequest(socket.getInputStream())) {
        if (!behaviour.serve(requests.getAndIncrement(), socket)) {
          return;
        }
      }
    } catch (IOException | InterruptedException clientWentAway) {
      abandoned.countDown();
    }
  }

  /** Reads one request (headers and Content-Length body); false at the end of the stream. */
  private static boolean readRequest(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int lastFour = 0;
    while (lastFour != 0x0D0A0D0A) { // up to the blank line after the headers
      int b = in.read();
      if (b < 0) {
        return false;
      }
      head.write(b);
      lastFour = (lastFour << 8) | b;
    }
    int length = 0;
    for (String line : head.toString(StandardCharsets.ISO_8859_1).split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).trim());
      }
    }
    in.readNBytes(length);
    return true;
  }

  /** Writes a complete answer; the connection stays open for the next request. */
  static boolean answer(Socket socket, int status, String extraHeaders, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    OutputStream out = socket.getOutputStream();
    out.write(("HTTP/1.1 " + status + " X\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length + "\r\n"
        + extraHeaders + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    out.write(bytes);
    out.flush();
    return true;
  }

  /**
   * Sends the headers of a 200 at once, then the body one byte per interval: never complete before
   * a short deadline. Throws when the client closes the connection.
   */
  static boolean trickle(Socket socket, String body, long intervalMillis) throws IOException, InterruptedException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    OutputStream out = socket.getOutputStream();
    out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length + "\r\n\r\n")
        .getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    for (byte b : bytes) {
      Thread.sleep(intervalMillis); // the stand-in's pace, not the test's: the client must not wait for it
      out.write(b);
      out.flush();
    }
    return true;
  }

  /** Accepts the request and never answers; returns when the client closes the connection. */
  static boolean blackHole(Socket socket) throws IOException {
    if (socket.getInputStream().read() < 0) {
      throw new IOException("closed by the client");
    }
    throw new IOException("the client sent more on a connection that has no answer");
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket socket : sockets) {
      socket.close();
    }
  }
}
