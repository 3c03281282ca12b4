package dev.ampsync.internal.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import org.h2.store.fs.FileBase;
import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;

/**
 * An H2 file system, {@code nospace:<path>}, over the real disk, whose writes fail like a full disk
 * once {@link #fill()} was called: {@code IOException("No space left on device")}, nothing written.
 * Reads, locks and the rest go to the real file.
 */
public final class NoSpaceFilePath extends FilePathWrapper {
  private static volatile boolean full;
  private static volatile int refused;

  /** Registers the scheme (once per JVM is enough; registering again replaces it) and empties the disk. */
  static void register() {
    FilePath.register(new NoSpaceFilePath());
    full = false;
    refused = 0;
  }

  /** From now on, every write fails. */
  static void fill() {
    full = true;
  }

  /** Makes room again. */
  static void empty() {
    full = false;
  }

  /** How many writes were refused. */
  static int refused() {
    return refused;
  }

  @Override
  public String getScheme() {
    return "nospace";
  }

  @Override
  public FileChannel open(String mode) throws IOException {
    return new NoSpaceChannel(getBase().open(mode));
  }

  private static final class NoSpaceChannel extends FileBase {
    private final FileChannel base;

    NoSpaceChannel(FileChannel base) {
      this.base = base;
    }

    private static void check() throws IOException {
      if (full) {
        refused++;
        throw new IOException("No space left on device");
      }
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
      check();
      return base.write(src);
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
      check();
      return base.write(src, position);
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      return base.read(dst);
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
      return base.read(dst, position);
    }

    @Override
    public long position() throws IOException {
      return base.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
      base.position(newPosition);
      return this;
    }

    @Override
    public long size() throws IOException {
      return base.size();
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
      base.truncate(size);
      return this;
    }

    @Override
    public void force(boolean metaData) throws IOException {
      base.force(metaData);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
      return base.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
      base.close();
    }
  }
}
