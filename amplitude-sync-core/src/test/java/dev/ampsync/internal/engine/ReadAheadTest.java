package dev.ampsync.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ampsync.source.ArrayRow;
import dev.ampsync.source.Column;
import dev.ampsync.source.ColumnType;
import dev.ampsync.source.Columns;
import dev.ampsync.source.Row;
import dev.ampsync.source.RowStream;
import dev.ampsync.source.SourceException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class ReadAheadTest {
  private static final Columns COLUMNS =
      Columns.of(List.of(new Column("id", ColumnType.INTEGER), new Column("name", ColumnType.STRING)));

  /** A stream of {@code count} rows that reuses one mutable row object, as a source may. */
  private static final class ReusingStream implements RowStream {
    final int count;
    final Object[] values = new Object[2];
    final Row shared = new ArrayRow(COLUMNS, values);
    final AtomicInteger closes = new AtomicInteger();
    final AtomicInteger read = new AtomicInteger();
    volatile RuntimeException failAfter;
    volatile Thread readerThread;

    ReusingStream(int count) {
      this.count = count;
    }

    @Override
    public List<Column> columns() {
      return COLUMNS.list();
    }

    @Override
    public Row next() {
      readerThread = Thread.currentThread();
      int i = read.get();
      if (i == count) {
        if (failAfter != null) {
          throw failAfter;
        }
        return null;
      }
      read.incrementAndGet();
      values[0] = (long) i;
      values[1] = "row-" + i;
      return shared;
    }

    @Override
    public void close() {
      closes.incrementAndGet();
    }
  }

  /** A stream of {@code count} rows, each a row of its own that it never changes, as it says. */
  private static final class FreshRowsStream implements RowStream {
    final List<Row> returned = new ArrayList<>();
    final int count;

    FreshRowsStream(int count) {
      this.count = count;
    }

    @Override
    public List<Column> columns() {
      return COLUMNS.list();
    }

    @Override
    public Row next() {
      if (returned.size() == count) {
        return null;
      }
      int i = returned.size();
      Row row = new ArrayRow(COLUMNS, new Object[] {(long) i, "row-" + i});
      returned.add(row);
      return row;
    }

    @Override
    public boolean rowsStayValid() {
      return true;
    }

    @Override
    public void close() {}
  }

  private static List<Row> drain(ReadAhead ahead) throws InterruptedException {
    List<Row> rows = new ArrayList<>();
    Row row;
    while ((row = ahead.next()) != null) {
      rows.add(row);
    }
    return rows;
  }

  @Test
  void deliversEveryRowInOrder_asIndependentCopies_evenWhenTheSourceReusesItsRowObject() throws Exception {
    ReusingStream stream = new ReusingStream(10_000);
    List<Row> rows;
    try (ReadAhead ahead = new ReadAhead(stream, "t", 64, 2)) {
      rows = drain(ahead);
      assertThat(ahead.next()).isNull(); // stays at the end
    }
    assertThat(rows).hasSize(10_000);
    for (int i = 0; i < rows.size(); i++) {
      assertThat(rows.get(i).get("id")).isEqualTo((long) i);
      assertThat(rows.get(i).get(1)).isEqualTo("row-" + i);
    }
    assertThat(stream.readerThread).isNotEqualTo(Thread.currentThread());
    assertThat(stream.closes).hasValue(1);
  }

  @Test
  void rowsThatStayValid_areHandedOverAsTheyAre_notCopied() throws Exception {
    FreshRowsStream stream = new FreshRowsStream(1_000);
    List<Row> rows;
    try (ReadAhead ahead = new ReadAhead(stream, "fresh", 64, 2)) {
      rows = drain(ahead);
    }

    assertThat(rows).hasSize(1_000);
    for (int i = 0; i < rows.size(); i++) {
      assertThat(rows.get(i)).isSameAs(stream.returned.get(i));
    }
  }

  @Test
  void sourceError_reachesTheCaller_afterEveryRowReadBeforeIt() throws Exception {
    ReusingStream stream = new ReusingStream(300);
    stream.failAfter = new SourceException("connection lost", null);
    try (ReadAhead ahead = new ReadAhead(stream, "t", 64, 2)) {
      for (int i = 0; i < 300; i++) {
        assertThat(ahead.next().get("id")).isEqualTo((long) i);
      }
      assertThatThrownBy(ahead::next).isSameAs(stream.failAfter);
      assertThat(ahead.next()).isNull();
    }
    assertThat(stream.closes).hasValue(1);
  }

  @Test
  void readerBlocksWhenTheCallerFallsBehind_soAtMostTheBoundedChunksAreReadAhead() throws Exception {
    ReusingStream stream = new ReusingStream(1_000_000);
    try (ReadAhead ahead = new ReadAhead(stream, "t", 10, 3)) {
      ahead.next();
      // Wait until the reader stops making progress: it is blocked on the full queue.
      int before;
      do {
        before = stream.read.get();
        Thread.sleep(20);
      } while (stream.read.get() != before);
      // One chunk taken by the caller, three queued, one being filled: at most 5 chunks of 10 rows.
      assertThat(stream.read.get()).isLessThanOrEqualTo(50);
    }
    assertThat(stream.closes).hasValue(1);
  }

  @Test
  void closeBeforeTheEnd_stopsTheReaderAndClosesTheStreamOnce() throws Exception {
    ReusingStream stream = new ReusingStream(1_000_000);
    ReadAhead ahead = new ReadAhead(stream, "t", 16, 2);
    ahead.next();
    ahead.close();
    ahead.close();
    int readAtClose = stream.read.get();
    Thread.sleep(50);
    assertThat(stream.read.get()).isEqualTo(readAtClose);
    assertThat(stream.closes).hasValue(1);
  }

  @Test
  void closeWhileTheReaderIsBlockedInTheSource_closesTheStreamToCancelTheRead() throws Exception {
    CountDownLatch blocked = new CountDownLatch(1);
    CountDownLatch cancelled = new CountDownLatch(1);
    AtomicBoolean closedWhileBlocked = new AtomicBoolean();
    RowStream stuck = new RowStream() {
      @Override
      public List<Column> columns() {
        return COLUMNS.list();
      }

      @Override
      public Row next() {
        blocked.countDown();
        try {
          cancelled.await(); // a query that only a cancel ends
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        throw new SourceException("query cancelled", null);
      }

      @Override
      public void close() {
        closedWhileBlocked.set(blocked.getCount() == 0 && cancelled.getCount() == 1);
        cancelled.countDown();
      }
    };
    ReadAhead ahead = new ReadAhead(stuck, "t");
    assertThat(blocked.await(5, TimeUnit.SECONDS)).isTrue();
    ahead.close();
    assertThat(closedWhileBlocked).isTrue();
  }

  @Test
  void aSlowSourcesRows_areHandedOverBeforeAChunkIsFull() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger served = new AtomicInteger();
    RowStream slow = new RowStream() {
      @Override
      public List<Column> columns() {
        return COLUMNS.list();
      }

      @Override
      public Row next() {
        int i = served.getAndIncrement();
        if (i >= 16) {
          try {
            release.await(); // the source pauses after 16 rows
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return null;
        }
        if (i == 15) {
          try {
            Thread.sleep(TimeUnit.NANOSECONDS.toMillis(ReadAhead.LINGER_NANOS) + 5);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        return new ArrayRow(COLUMNS, new Object[] {(long) i, "r"});
      }

      @Override
      public void close() {
        release.countDown();
      }
    };
    try (ReadAhead ahead = new ReadAhead(slow, "t", 256, 2)) {
      for (int i = 0; i < 16; i++) {
        assertThat(ahead.next().get("id")).isEqualTo((long) i); // arrives while the source pauses
      }
      release.countDown();
      assertThat(ahead.next()).isNull();
    }
  }

  @Test
  void preparedWork_runsOnTheReaderThread_whileRowsWaitForTheCaller_andArrivesWithItsRow() throws Exception {
    ReusingStream stream = new ReusingStream(12);
    Thread caller = Thread.currentThread();
    CountDownLatch preparedOnReader = new CountDownLatch(8);
    try (ReadAhead ahead = new ReadAhead(stream, "t", 4, 2, row -> {
      preparedOnReader.countDown();
      return List.of(row.get("name"), Thread.currentThread() != caller);
    }, null)) {
      assertThat(ahead.prepared()).isNull(); // nothing read yet
      // The caller takes nothing: the first chunk finds the queue empty, the next two find rows waiting.
      assertThat(preparedOnReader.await(10, TimeUnit.SECONDS)).isTrue();
      for (int i = 0; i < 12; i++) {
        Row row = ahead.next();
        assertThat(row.get("id")).isEqualTo((long) i);
        if (i < 4) {
          assertThat(ahead.prepared()).as("row %d: the caller was waiting, so it prepares the row", i).isNull();
        } else {
          assertThat(ahead.prepared()).isEqualTo(List.of("row-" + i, true));
        }
      }
      assertThat(ahead.next()).isNull();
      assertThat(preparedOnReader.getCount()).isZero();
    }
  }

  @Test
  void theRowsTheReaderLeft_arePreparedOnTheCallersThread_asItTakesTheirChunk_beforeItsFirstRow() throws Exception {
    ReusingStream stream = new ReusingStream(12);
    Thread caller = Thread.currentThread();
    CountDownLatch preparedOnReader = new CountDownLatch(8);
    List<String> chunksOnCaller = new ArrayList<>();
    try (ReadAhead ahead = new ReadAhead(stream, "t", 4, 2, row -> {
      preparedOnReader.countDown();
      return List.of(row.get("name"), "reader");
    }, (rows, prepared, size) -> {
      assertThat(Thread.currentThread()).isSameAs(caller);
      StringBuilder left = new StringBuilder();
      for (int i = 0; i < size; i++) {
        if (prepared[i] == null) {
          prepared[i] = List.of(rows[i].get("name"), "caller");
          left.append(rows[i].get("id"));
        }
      }
      chunksOnCaller.add(left.toString());
    })) {
      // The caller takes nothing at first: the first chunk finds the queue empty (left to the
      // caller), the next two find rows waiting (prepared by the reader).
      assertThat(preparedOnReader.await(10, TimeUnit.SECONDS)).isTrue();
      for (int i = 0; i < 12; i++) {
        Row row = ahead.next();
        assertThat(row.get("id")).isEqualTo((long) i);
        assertThat(ahead.prepared()).isEqualTo(List.of("row-" + i, i < 4 ? "caller" : "reader"));
      }
      assertThat(ahead.next()).isNull();
      assertThat(chunksOnCaller).containsExactly("0123", "", "");
    }
  }

}
