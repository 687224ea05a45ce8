package io.github.gpt2sentiment.data;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Strict UTF-8 decoding: invalid bytes are an error naming where they are, never a silent replacement. */
final class Utf8 {

    private Utf8() {}

    /**
     * Decodes {@code bytes}; {@code where} names the file or entry for the error message.
     *
     * @throws DataException naming {@code where}, the line and the byte offset of the first invalid sequence
     */
    static String decode(byte[] bytes, int offset, int length, String where) {
        // Most reviews are pure ASCII: a plain scan and a Latin-1 copy are far cheaper than a decoder.
        boolean ascii = true;
        for (int i = offset, end = offset + length; i < end; i++) {
            if (bytes[i] < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, offset, length);
        CharBuffer out = CharBuffer.allocate(length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isUnderflow()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int at = in.position() - offset;
            int line = 1;
            for (int i = offset; i < offset + at; i++) {
                line += bytes[i] == '\n' ? 1 : 0;
            }
            throw new DataException(where + ": line " + line + ": invalid UTF-8 at byte " + at + " (bytes "
                    + hex(bytes, offset + at, Math.min(result.length(), 4)) + "); expected UTF-8 encoded text");
        }
        out.flip();
        return out.toString();
    }

    /** Decodes a whole array. */
    static String decode(byte[] bytes, String where) {
        return decode(bytes, 0, bytes.length, where);
    }

    private static String hex(byte[] bytes, int from, int count) {
        StringBuilder s = new StringBuilder();
        for (int i = from; i < from + count && i < bytes.length; i++) {
            s.append(s.length() == 0 ? "" : " ").append(String.format("%02x", bytes[i] & 0xff));
        }
        return s.toString();
    }
}
