package io.switchboard.privacy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The zip an export writes, entry by entry as the holders read them (nothing of it is kept in memory
 * whole): JSON documents and original files under the paths the README lists.
 */
public final class SubjectArchive implements AutoCloseable {

    private final ZipOutputStream zip;
    private final ObjectMapper json;
    private final Set<String> paths = new HashSet<>();

    SubjectArchive(OutputStream out, ObjectMapper json) {
        this.zip = new ZipOutputStream(out);
        this.json = json.copy().enable(SerializationFeature.INDENT_OUTPUT)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }

    /** A JSON document at {@code path}. */
    public void json(String path, Object value) {
        try {
            begin(path);
            zip.write(json.writeValueAsBytes(value));
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path + " to the export", e);
        }
    }

    /** A file as it was kept (a mail's original, an attachment) at {@code path}. */
    public void file(String path, byte[] bytes) {
        try {
            begin(path);
            zip.write(bytes);
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path + " to the export", e);
        }
    }

    private void begin(String path) throws IOException {
        if (path.startsWith("/") || path.contains("..") || !paths.add(path)) {
            throw new IllegalArgumentException("an export entry needs a new relative path: " + path);
        }
        zip.putNextEntry(new ZipEntry(path));
    }

    @Override
    public void close() {
        try {
            zip.finish();
            zip.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot finish the export", e);
        }
    }
}
