package io.github.gpt2sentiment.hub;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A response body read as a stream that gives up when no bytes arrive for a while. {@code HttpClient}'s own
 * {@code ofInputStream} waits forever once the headers are in, so a server that stalls mid-file would hang the
 * download; {@code requests} (and so {@code huggingface_hub}) has the same per-read timeout as its connect timeout.
 *
 * <p>Usage: {@code http.send(request, TimedBody.handler(Duration.ofSeconds(10), "HF_HUB_DOWNLOAD_TIMEOUT"))}
 */
final class TimedBody extends InputStream implements HttpResponse.BodySubscriber<InputStream> {

    private static final Object END = new Object();

    private final Duration timeout;
    private final String setting;
    // Chunks as they arrive, then END or the Throwable that ended the body; one chunk is requested at a time.
    private final LinkedBlockingQueue<Object> arrived = new LinkedBlockingQueue<>();
    private volatile Flow.Subscription subscription;
    private Iterator<ByteBuffer> chunk = List.<ByteBuffer>of().iterator();
    private ByteBuffer current = ByteBuffer.allocate(0);
    private boolean ended;

    private TimedBody(Duration timeout, String setting) {
        this.timeout = timeout;
        this.setting = setting;
    }

    /**
     * A body handler whose body is a stream failing with {@link HttpTimeoutException} when {@code timeout} passes
     * without a byte; {@code setting} names the knob in that message.
     */
    static HttpResponse.BodyHandler<InputStream> handler(Duration timeout, String setting) {
        return info -> new TimedBody(timeout, setting);
    }

    // The stream is the body at once, so send() returns as soon as the headers are in.
    @Override
    public CompletionStage<InputStream> getBody() {
        return CompletableFuture.completedStage(this);
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        arrived.add(buffers);
    }

    @Override
    public void onError(Throwable error) {
        arrived.add(error);
    }

    @Override
    public void onComplete() {
        arrived.add(END);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (!current.hasRemaining()) {
            if (chunk.hasNext()) {
                current = chunk.next();
                continue;
            }
            if (ended || !nextChunk()) {
                return -1;
            }
        }
        int n = Math.min(length, current.remaining());
        current.get(buffer, offset, n);
        return n;
    }

    // Waits for the next list of buffers; false at the end of the body.
    @SuppressWarnings("unchecked")
    private boolean nextChunk() throws IOException {
        Object next;
        try {
            next = arrived.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new java.io.InterruptedIOException("interrupted while waiting for the download");
        }
        if (next == null) {
            close();
            throw new HttpTimeoutException(String.format(Locale.ROOT, "no data for %s s, %s",
                    seconds(timeout), setting));
        }
        if (next == END) {
            ended = true;
            return false;
        }
        if (next instanceof Throwable error) {
            ended = true;
            throw error instanceof IOException io ? io : new IOException(error);
        }
        chunk = ((List<ByteBuffer>) next).iterator();
        subscription.request(1);
        return true;
    }

    /** "10" for ten seconds, "0.3" for 300 ms: how messages show a timeout. */
    static String seconds(Duration d) {
        long millis = d.toMillis();
        return millis % 1000 == 0 ? Long.toString(millis / 1000) : String.format(Locale.ROOT, "%.1f", millis / 1e3);
    }

    @Override
    public void close() {
        Flow.Subscription s = subscription;
        if (s != null && !ended) {
            ended = true;
            s.cancel(); // lets HttpClient drop the connection instead of draining the rest of the file
        }
    }
}
