package dev.ampsync.internal.engine;

import dev.ampsync.source.ArrayRow;
import dev.ampsync.source.Columns;
import dev.ampsync.source.Row;
import dev.ampsync.source.RowStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Reads a row stream ahead on its own thread, so that reading rows (and the database producing them)
 * overlaps with mapping, checking and sending them on the caller's thread.
 *
 * <ul>
 *   <li>Bounded: at most {@code chunksAhead} chunks of {@code chunkRows} rows wait; the reader blocks
 *       beyond that (backpressure reaches the source).
 *   <li>Each row is copied into an {@link ArrayRow} as it is read, since a source may reuse its row
 *       object, unless the stream says its rows stay valid ({@link RowStream#rowsStayValid()}): the
 *       copy is work on the reader, between two fetches the database waits for.
 *   <li>A chunk is handed over when full, or when it has waited {@link #LINGER_NANOS} (checked as
 *       rows arrive), so a slow source's rows do not wait for a full chunk.
 *   <li>An exception from the stream reaches the caller from {@link #next()} after every row read
 *       before it, and ends the reading.
 *   <li>{@link #close()} stops the reader and then closes the stream. A reader still blocked in the
 *       source after {@link #CLOSE_GRACE_MILLIS} has its stream closed under it, which is how a
 *       source cancels a read (a JDBC source cancels the statement and aborts the connection).
 *   <li>The per-row work given to it ({@code prepare}) runs on the reader only while the caller is the
 *       slower side, that is while a chunk waits for it (checked every {@link #SHARE_CHECK_ROWS}
 *       rows); otherwise the row goes over unprepared and the caller does that work. The reader's
 *       own path includes waiting for the database (a JDBC fetch is a round trip the reader sits
 *       out), so a reader that also prepared every row made the caller wait for rows most of a run.
 * </ul>
 */
final class ReadAhead implements AutoCloseable {
  static final int CHUNK_ROWS = 256;
  static final int CHUNKS_AHEAD = 4;
  static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
  static final long CLOSE_GRACE_MILLIS = 250;
  /** How many rows the reader prepares, or leaves, before it looks at the queue again. */
  static final int SHARE_CHECK_ROWS = 16;

  private final RowStream rows;
  /** Whether the stream's rows outlive its next call, so they are kept, not copied. */
  private final boolean rowsStayValid;
  private final Columns columns;
  /** Work done on the reader thread for each row (null: none), handed over with the row. */
  private final Function<Row, Object> prepare;
  /** Work done on the caller's thread for the rows of a chunk the reader left unprepared (null: none). */
  private final ChunkWork prepareRest;
  private final int chunkRows;
  private final BlockingQueue<Chunk> queue;
  private final Thread thread;
  private volatile boolean stopped;
  private Chunk current;
  private int position;
  private boolean finished;
  private boolean streamClosed;

  /**
   * Prepares, on the caller's thread as it takes a chunk, the rows the reader left (null in {@code
   * prepared}); must not throw.
   */
  interface ChunkWork {
    void prepare(Row[] rows, Object[] prepared, int size);
  }

  /** Rows read, and how the reading ended after them (an error, the end, or neither yet). */
  private record Chunk(Row[] rows, Object[] prepared, int size, boolean end, RuntimeException error) {}

  ReadAhead(RowStream rows, String name) {
    this(rows, name, null);
  }

  /**
   * Reads ahead; {@code prepare}, when not null, runs on the reader thread for the rows read while
   * the caller is behind (it must not throw, and must be safe to run there and on the caller's
   * thread at once), and its result is returned by {@link #prepared()}.
   */
  ReadAhead(RowStream rows, String name, Function<Row, Object> prepare) {
    this(rows, name, CHUNK_ROWS, CHUNKS_AHEAD, prepare, null);
  }

  /**
   * Reads ahead as above; {@code prepareRest}, when not null, prepares on the caller's thread the
   * rows of each chunk the reader left, as the caller takes the chunk.
   */
  ReadAhead(RowStream rows, String name, Function<Row, Object> prepare, ChunkWork prepareRest) {
    this(rows, name, CHUNK_ROWS, CHUNKS_AHEAD, prepare, prepareRest);
  }

  ReadAhead(RowStream rows, String name, int chunkRows, int chunksAhead) {
    this(rows, name, chunkRows, chunksAhead, null, null);
  }

  ReadAhead(RowStream rows, String name, int chunkRows, int chunksAhead, Function<Row, Object> prepare,
      ChunkWork prepareRest) {
    this.rows = rows;
    this.rowsStayValid = rows.rowsStayValid();
    this.prepare = prepare;
    this.prepareRest = prepare == null ? null : prepareRest;
    this.columns = Columns.of(rows.columns());
    this.chunkRows = chunkRows;
    this.queue = new ArrayBlockingQueue<>(chunksAhead);
    this.thread = new Thread(this::read, "ampsync-read-" + name);
    thread.setDaemon(true);
    thread.start();
  }

  /** Returns the stream's columns. */
  Columns columns() {
    return columns;
  }

  /**
   * Returns the next row, waiting for the reader.
   *
   * @return the row, or null after the last one
   * @throws RuntimeException what the stream threw, once the rows read before it are consumed
   * @throws InterruptedException if interrupted while waiting
   */
  Row next() throws InterruptedException {
    while (current == null || position == current.size) {
      if (finished) {
        return null;
      }
      if (current != null && (current.end || current.error != null)) {
        finished = true; // the error is thrown once; later calls return null
        if (current.error != null) {
          throw current.error;
        }
        return null;
      }
      current = queue.take();
      position = 0;
      if (prepareRest != null && current.size > 0) {
        prepareRest.prepare(current.rows, current.prepared, current.size);
      }
    }
    return current.rows[position++];
  }

  /**
   * Returns what the reader prepared for the row {@link #next()} returned last, or null: none was
   * given, or the reader left the row to the caller.
   */
  Object prepared() {
    return current == null || current.prepared == null || position == 0 ? null : current.prepared[position - 1];
  }

  private void read() {
    try {
      while (!stopped) {
        Row[] chunk = new Row[chunkRows];
        Object[] prepared = prepare == null ? null : new Object[chunkRows];
        int size = 0;
        boolean share = false;
        long started = System.nanoTime();
        boolean end = false;
        RuntimeException error = null;
        try {
          while (size < chunkRows && !stopped) {
            Row row = rows.next();
            if (row == null) {
              end = true;
              break;
            }
            Row copy = rowsStayValid ? row : copy(row);
            if (prepared != null) {
              if (size % SHARE_CHECK_ROWS == 0) {
                share = !queue.isEmpty(); // the caller has rows waiting: it is the slower side
              }
              if (share) {
                prepared[size] = prepare.apply(copy);
              }
            }
            chunk[size++] = copy;
            if ((size & 15) == 0 && System.nanoTime() - started > LINGER_NANOS) {
              break;
            }
          }
        } catch (RuntimeException e) {
          error = e;
        } catch (Error e) {
          error = new IllegalStateException("reading the source failed: " + e, e);
        }
        if (!put(new Chunk(chunk, prepared, size, end, error)) || end || error != null) {
          return;
        }
      }
    } catch (InterruptedException e) {
      // Only close() stops the reader, and it does not interrupt; nothing to hand over.
      Thread.currentThread().interrupt();
    }
  }

  /** Hands a chunk over; returns false when the caller stopped reading meanwhile. */
  private boolean put(Chunk chunk) throws InterruptedException {
    while (!stopped) {
      if (queue.offer(chunk, 50, TimeUnit.MILLISECONDS)) {
        return true;
      }
    }
    return false;
  }

  private Row copy(Row row) {
    Object[] values = new Object[columns.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = row.get(i);
    }
    return new ArrayRow(columns, values);
  }

  /**
   * Stops the reader after the row it is reading, waits for it, and closes the stream. Idempotent.
   *
   * @throws RuntimeException what closing the stream threw
   */
  @Override
  public void close() {
    stopped = true;
    queue.clear();
    boolean interrupted = false;
    RuntimeException closing = null;
    long graceEnds = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_GRACE_MILLIS);
    while (thread.isAlive()) {
      long left = graceEnds - System.nanoTime();
      if (!streamClosed && left <= 0) {
        try {
          closeStream(); // the reader is blocked in the source: cancel the read
        } catch (RuntimeException e) {
          closing = e;
        }
        continue;
      }
      try {
        thread.join(streamClosed ? 50 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
      } catch (InterruptedException e) {
        interrupted = true; // the stream must not be closed under a running reader; keep waiting
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (closing != null) {
      throw closing;
    }
    closeStream();
  }

  private void closeStream() {
    if (!streamClosed) {
      streamClosed = true;
      rows.close();
    }
  }
}
