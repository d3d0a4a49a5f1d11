package io.stampede.cli;

/** Stands in for stampede.jar in {@link QuietStartTest}: says it ran and with which arguments. */
public final class LauncherProbe {
    private LauncherProbe() {
    }

    public static void main(String[] args) {
        System.out.println("probe ran: " + String.join(" ", args));
    }
}
