package dev.campaignanalytics.core.forbidden;

import dev.campaignanalytics.http.HttpSettings;

/** A deliberate offender: a class in the core's packages that reaches into an adapter. Only tests load it. */
public final class CoreClassThatImportsTheHttpAdapter {
    public HttpSettings settings() {
        return HttpSettings.defaults();
    }
}
