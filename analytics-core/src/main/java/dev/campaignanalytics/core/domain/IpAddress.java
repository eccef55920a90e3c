package dev.campaignanalytics.core.domain;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 address literal. It never resolves a host name: only literals are accepted.
 */
public final class IpAddress {
    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    /*
     * InetAddress reads text as an address literal only when it starts with a hex digit or ':'; anything else it
     * looks up as a host name (".:1" would go to the resolver). So a literal must start that way.
     */
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9a-fA-F:][0-9a-fA-F:.]{1,44}");

    private final byte[] bytes;

    private IpAddress(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * @param field the request field named in the error, e.g. {@code ip_address}
     * @param text the address literal
     * @return the address
     * @throws InvalidInputException naming {@code field} when the text is not an IPv4 or IPv6 literal
     */
    public static IpAddress parse(String field, String text) {
        if (text == null) {
            throw new InvalidInputException(field, "is required");
        }
        boolean v4 = IPV4.matcher(text).matches();
        boolean v6 = !v4 && text.indexOf(':') >= 0 && IPV6_CHARS.matcher(text).matches();
        if (!v4 && !v6) {
            throw new InvalidInputException(field, "must be an IPv4 or IPv6 address");
        }
        try {
            // Only literals reach here, so no name lookup happens.
            return new IpAddress(InetAddress.getByName(text).getAddress());
        } catch (UnknownHostException | RuntimeException e) {
            throw new InvalidInputException(field, "must be an IPv4 or IPv6 address");
        }
    }

    /** {@return the address's octets in network order: 4 for IPv4, 16 for IPv6 (a copy)} */
    public byte[] octets() {
        return bytes.clone();
    }

    /** {@return whether this is an IPv4 address (rather than IPv6)} */
    public boolean isIpv4() {
        return bytes.length == 4;
    }

    /**
     * The address with its host part removed: the last octet of an IPv4 address, the last 80 bits of an IPv6
     * address, set to zero. What remains locates a network, not a person.
     *
     * @return the network part of this address, with the host part zeroed
     */
    public IpAddress anonymized() {
        byte[] b = bytes.clone();
        int keep = isIpv4() ? 3 : 6;
        for (int i = keep; i < b.length; i++) {
            b[i] = 0;
        }
        return new IpAddress(b);
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(bytes).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpAddress other && java.util.Arrays.equals(other.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(bytes);
    }

}
