package dev.campaignanalytics.app;

/**
 * The address that opens the dashboard signed in: {@code http://host:port/#token=<jwt>}. The token rides in the URL's
 * fragment, which browsers never send to a server, so it reaches no request line and no log; the page takes it into
 * the tab's session storage and clears it from the address bar.
 */
final class DashboardLink {
    private DashboardLink() {
    }

    /**
     * @param host the address the server listens on; a wildcard ({@code 0.0.0.0}, {@code ::}) or none means this
     *             machine, written {@code localhost}
     */
    static String of(String host, int port, String token) {
        String shown = host == null || host.isBlank() || host.equals("0.0.0.0") || host.equals("::")
                || host.equals("[::]") ? "localhost" : host;
        if (shown.contains(":") && !shown.startsWith("[")) {
            shown = "[" + shown + "]";
        }
        return "http://" + shown + ":" + port + "/#token=" + token;
    }
}
