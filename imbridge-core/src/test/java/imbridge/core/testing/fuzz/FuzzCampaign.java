package imbridge.core.testing.fuzz;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Lets one build run the fuzz properties longer than the suite does: {@code -Dimbridge.fuzz.tries=N} replaces every
 * fuzz property's tries and {@code -Dimbridge.fuzz.seed=S} its fixed seed ({@code random} for a fresh seed per run).
 * Without them each property runs its own small, seeded budget, so the suite stays quick and reproducible. Register
 * it on a fuzz class with {@code @AddLifecycleHook(FuzzCampaign.class)}.
 */
public final class FuzzCampaign implements AroundPropertyHook {
    public static final String TRIES_PROPERTY = "imbridge.fuzz.tries";
    public static final String SEED_PROPERTY = "imbridge.fuzz.seed";
    /** The suite's budget per fuzz property: enough to hit every mutation kind on every seed input. */
    public static final int SUITE_TRIES = 300;

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        Integer tries = Integer.getInteger(TRIES_PROPERTY);
        if (tries != null && tries > 0) {
            context.attributes().setTries(tries);
        }
        String seed = System.getProperty(SEED_PROPERTY, "").strip();
        if (!seed.isEmpty()) {
            context.attributes().setSeed(seed.equalsIgnoreCase("random") ? "" : seed);
        }
        return property.execute();
    }
}
