package dev.campaignanalytics.core.forbidden;

import java.sql.Connection;

/** A deliberate offender: a class in the core's packages that uses JDBC. Only tests load it. */
public final class CoreClassThatImportsJdbc {
    public boolean isOpen(Connection c) throws java.sql.SQLException {
        return !c.isClosed();
    }
}
