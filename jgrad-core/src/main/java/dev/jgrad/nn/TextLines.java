package dev.jgrad.nn;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The lines of a UTF-8 text file, read as a stream with limits, for {@link Csv} and {@link ModelFile}: a leading
 * byte-order mark is skipped; LF, CRLF and CR (old Mac) all end a line; bytes that are not UTF-8 are reported with
 * their line and byte; a file longer than its limit, or a line longer than its limit, is refused as soon as the limit
 * is passed, so that an endless input such as {@code /dev/zero} neither hangs nor fills the memory.
 */
final class TextLines implements Closeable {

    /** Makes the exception for a problem at a line (from 1; 0 for the whole file). */
    @FunctionalInterface
    interface Failure {
        FileFormatException at(String message, int line);
    }

    private static final int BUFFER = 1 << 16;

    private final InputStream in;
    private final String source;
    private final long maxBytes;
    private final int maxLineBytes;
    private final Failure failure;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final byte[] buffer = new byte[BUFFER];
    private int bufferPos;
    private int bufferEnd;
    private long consumed;
    private byte[] line = new byte[256];
    private int lineLength;
    private long lineStart;
    private int lineNumber;
    private boolean afterCr;
    private boolean ended;

    /**
     * @param in           the bytes; closed by {@link #close()}
     * @param source       the file name for messages, already made safe to show
     * @param maxBytes     the most bytes the file may have
     * @param maxLineBytes the most bytes one line may have, its line end not counted
     * @param failure      makes the exceptions
     */
    TextLines(InputStream in, String source, long maxBytes, int maxLineBytes, Failure failure) {
        this.in = in;
        this.source = source;
        this.maxBytes = maxBytes;
        this.maxLineBytes = maxLineBytes;
        this.failure = failure;
    }

    /** The number of the line {@link #next()} returned last, from 1. */
    int lineNumber() {
        return lineNumber;
    }

    /**
     * The next line without its line end, or {@code null} at the end of the file. A file ending with a line end has
     * no empty last line.
     *
     * @throws FileFormatException if the file or the line is too long or the line is not UTF-8
     * @throws IOException         if the file cannot be read
     */
    String next() throws IOException {
        if (ended) {
            return null;
        }
        lineLength = 0;
        lineStart = consumed;
        while (true) {
            if (bufferPos == bufferEnd && !fill()) {
                ended = true;
                if (lineLength == 0 && (consumed == lineStart)) {
                    return null;
                }
                return decode();
            }
            byte b = buffer[bufferPos++];
            consumed++;
            if (consumed > maxBytes) {
                throw failure.at(source + ": larger than " + describeSize(maxBytes) + "; jgrad reads files up to that "
                        + "size", 0);
            }
            if (b == '\n' && afterCr) {
                afterCr = false;
                lineStart = consumed;
                continue;
            }
            afterCr = b == '\r';
            if (b == '\n' || b == '\r') {
                return decode();
            }
            if (lineLength == maxLineBytes) {
                throw failure.at(source + ":" + (lineNumber + 1) + ": line longer than " + describeSize(maxLineBytes)
                        + "; jgrad reads lines up to that length", lineNumber + 1);
            }
            if (lineLength == line.length) {
                line = Arrays.copyOf(line, (int) Math.min((long) line.length * 2, maxLineBytes));
            }
            line[lineLength++] = b;
        }
    }

    /** Reads the whole rest of the text, every line end written as {@code \n}. */
    String rest() throws IOException {
        StringBuilder text = new StringBuilder();
        for (String next = next(); next != null; next = next()) {
            text.append(next);
            if (!ended) {
                text.append('\n');
            }
        }
        return text.toString();
    }

    private boolean fill() throws IOException {
        bufferPos = 0;
        bufferEnd = Math.max(in.read(buffer), 0);
        return bufferEnd > 0;
    }

    private String decode() {
        lineNumber++;
        int skip = lineNumber == 1 && lineLength >= 3 && (line[0] & 0xFF) == 0xEF && (line[1] & 0xFF) == 0xBB
                && (line[2] & 0xFF) == 0xBF ? 3 : 0;
        if (isAscii(skip)) {
            return new String(line, skip, lineLength - skip, StandardCharsets.US_ASCII);
        }
        ByteBuffer bytes = ByteBuffer.wrap(line, skip, lineLength - skip);
        CharBuffer chars = CharBuffer.allocate(lineLength);
        decoder.reset();
        CoderResult result = decoder.decode(bytes, chars, true);
        if (result.isError()) {
            int at = bytes.position();
            throw failure.at(source + ":" + lineNumber + ": not UTF-8 text: byte 0x"
                    + String.format("%02X", line[at] & 0xFF) + " at byte " + (at + 1) + " of the line (byte "
                    + (lineStart + at + 1) + " of the file)", lineNumber);
        }
        decoder.flush(chars);
        return chars.flip().toString();
    }

    /** Whether the line from {@code from} on is plain ASCII, the common case, which needs no decoder. */
    private boolean isAscii(int from) {
        for (int i = from; i < lineLength; i++) {
            if (line[i] < 0) {
                return false;
            }
        }
        return true;
    }

    static String describeSize(long bytes) {
        return bytes % (1 << 20) == 0 ? (bytes >> 20) + " MiB (" + bytes + " bytes)" : bytes + " bytes";
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
