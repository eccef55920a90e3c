package dev.campaignanalytics.core.domain;

/** The standard normal distribution, for confidence intervals and significance tests. */
public final class Normal {
    /** The two-sided 95 % critical value: P(|Z| ≤ 1.959964) = 0.95. */
    public static final double Z_95 = 1.959963984540054;

    private Normal() {
    }

    /**
     * P(Z ≥ |z|) · 2: the two-sided tail probability of a standard normal statistic, accurate to about 1e-7 relative.
     *
     * @param z a standard normal test statistic
     * @return the two-sided p-value, 0 to 1
     */
    public static double twoSidedP(double z) {
        return Math.min(1.0, erfc(Math.abs(z) / Math.sqrt(2.0)));
    }

    /** The complementary error function, by a Chebyshev fit (fractional error below 1.2e-7 everywhere). */
    static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1.0 / (1.0 + 0.5 * z);
        double poly = -z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277))))))));
        double r = t * Math.exp(poly);
        return x >= 0 ? r : 2.0 - r;
    }
}
