package io.reel.edge.cache;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.util.Optional;
import org.apache.pekko.NotUsed;
import org.apache.pekko.japi.function.Creator;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * Exactly {@code length} bytes of a channel from {@code start}, in chunks, with backpressure: a
 * chunk is read only when downstream asks for it. The channel is opened when the stream starts and
 * closed when it ends, fails or is cancelled (unfoldResource runs on the blocking-I/O dispatcher).
 */
final class ChannelSource {

  private ChannelSource() {}

  static Source<ByteString, NotUsed> of(
      Creator<SeekableByteChannel> open, long start, long length, int chunkBytes) {
    return Source.unfoldResource(
        () -> {
          SeekableByteChannel ch = open.create();
          try {
            ch.position(start);
          } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
          }
          return new Reading(ch, length);
        },
        r -> r.next(chunkBytes),
        r -> r.channel.close());
  }

  private static final class Reading {
    final SeekableByteChannel channel;
    long remaining;

    Reading(SeekableByteChannel channel, long remaining) {
      this.channel = channel;
      this.remaining = remaining;
    }

    Optional<ByteString> next(int chunkBytes) throws IOException {
      if (remaining == 0) {
        return Optional.empty();
      }
      byte[] chunk = new byte[(int) Math.min(chunkBytes, remaining)];
      ByteBuffer buf = ByteBuffer.wrap(chunk);
      while (buf.hasRemaining()) {
        if (channel.read(buf) < 0) {
          throw new EOFException("the object is shorter than its stated size");
        }
      }
      remaining -= chunk.length;
      // The array is ours alone from here on: no copy.
      return Optional.of(ByteString.fromArrayUnsafe(chunk));
    }
  }
}
