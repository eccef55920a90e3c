package dev.campaignanalytics.postgres;

import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.Handle;
import org.postgresql.PGConnection;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;

/**
 * Rows in the binary format of {@code COPY … FROM STDIN (FORMAT binary)}: the header, then per row its number of
 * fields and each field as a length (-1 for NULL) and the type's binary form, then the trailer. PostgreSQL reads the
 * values as they are: no text to parse (uuid, timestamptz, inet) and no escaping (text).
 *
 * <p>Each row must give the fields in the order, and of the types, of the {@code COPY}'s column list.
 */
final class BinaryCopyRows {
    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0};
    /** 2000-01-01T00:00:00Z, from which PostgreSQL counts a timestamptz, in seconds of the Unix epoch. */
    private static final long POSTGRES_EPOCH_SECOND = 946_684_800L;
    /** The families of inet's binary form (PostgreSQL's PGSQL_AF_INET and PGSQL_AF_INET6). */
    private static final byte INET_V4 = 2;
    private static final byte INET_V6 = 3;
    /** The version byte that starts jsonb's binary form, followed by the JSON text. */
    private static final byte JSONB_VERSION = 1;

    private byte[] buf;
    private int count;

    BinaryCopyRows(int size) {
        buf = new byte[Math.max(size, 64)];
        write(SIGNATURE, SIGNATURE.length);
        int32(0); // flags: no OIDs
        int32(0); // no header extension
    }

    /** Starts a row of {@code fields} fields. */
    void row(int fields) {
        int16(fields);
    }

    void uuid(UUID value) {
        if (value == null) {
            nul();
            return;
        }
        int32(16);
        int64(value.getMostSignificantBits());
        int64(value.getLeastSignificantBits());
    }

    void text(String value) {
        if (value == null) {
            nul();
            return;
        }
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        int32(utf8.length);
        write(utf8, utf8.length);
    }

    void bigint(long value) {
        int32(8);
        int64(value);
    }

    /** A jsonb value from its JSON text (PostgreSQL checks it is JSON). */
    void jsonb(String json) {
        if (json == null) {
            nul();
            return;
        }
        byte[] utf8 = json.getBytes(StandardCharsets.UTF_8);
        int32(utf8.length + 1);
        byte1(JSONB_VERSION);
        write(utf8, utf8.length);
    }

    /**
     * An inet value (not a network): the address's 4 (IPv4) or 16 (IPv6) octets, all bits significant.
     */
    void inet(byte[] octets) {
        if (octets == null) {
            nul();
            return;
        }
        if (octets.length != 4 && octets.length != 16) {
            throw new IllegalArgumentException("an IP address has 4 or 16 octets, not " + octets.length);
        }
        int32(4 + octets.length);
        byte1(octets.length == 4 ? INET_V4 : INET_V6);
        byte1((byte) (octets.length * 8)); // netmask bits: the whole address
        byte1((byte) 0); // inet, not cidr
        byte1((byte) octets.length);
        write(octets, octets.length);
    }

    /**
     * A timestamptz: microseconds since 2000-01-01T00:00:00Z. Finer parts of the instant are cut (towards the past),
     * as {@code Instant.truncatedTo(MICROS)} cuts them, so an instant before a whole-microsecond edge stays before it.
     */
    void timestamptz(Instant value) {
        if (value == null) {
            nul();
            return;
        }
        long micros = Math.addExact(Math.multiplyExact(value.getEpochSecond() - POSTGRES_EPOCH_SECOND, 1_000_000L),
                value.getNano() / 1_000);
        int32(8);
        int64(micros);
    }

    /**
     * Sends the rows, followed by the trailer, with {@code copySql} ({@code COPY … FROM STDIN (FORMAT binary)}) on the
     * handle's connection, in its transaction; call once, after the last row.
     *
     * @throws ConnectionException when the database refuses the rows or cannot be reached (the cause says which)
     */
    void copyIn(Handle h, String copySql) {
        int16(-1);
        try {
            h.getConnection().unwrap(PGConnection.class).getCopyAPI()
                    .copyIn(copySql, new ByteArrayInputStream(buf, 0, count));
        } catch (SQLException | IOException e) {
            throw new ConnectionException(e);
        }
    }

    private void nul() {
        int32(-1);
    }

    private void byte1(byte b) {
        ensure(1);
        buf[count++] = b;
    }

    private void int16(int v) {
        ensure(2);
        buf[count++] = (byte) (v >>> 8);
        buf[count++] = (byte) v;
    }

    private void int32(int v) {
        ensure(4);
        buf[count++] = (byte) (v >>> 24);
        buf[count++] = (byte) (v >>> 16);
        buf[count++] = (byte) (v >>> 8);
        buf[count++] = (byte) v;
    }

    private void int64(long v) {
        int32((int) (v >>> 32));
        int32((int) v);
    }

    private void write(byte[] b, int len) {
        ensure(len);
        System.arraycopy(b, 0, buf, count, len);
        count += len;
    }

    private void ensure(int more) {
        if (count + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + more));
        }
    }
}
