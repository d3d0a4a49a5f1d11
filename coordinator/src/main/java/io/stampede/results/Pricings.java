package io.stampede.results;

import io.stampede.scenario.Pricing;
import io.stampede.scenario.Scenario;

/** The pricing of the scenario's target model, or null when the model or its price is not given. */
public final class Pricings {
    private Pricings() {
    }

    /** The price of the target's model, or null without one. */
    public static Pricing of(Scenario scenario) {
        String model = scenario.target().model();
        return model == null ? null : scenario.pricing().get(model);
    }
}
