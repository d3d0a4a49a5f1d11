package io.stampede.protocol;

import io.stampede.protocol.http.HttpChatDriver;
import io.stampede.protocol.http.HttpTransport;
import io.stampede.scenario.Protocol;
import io.stampede.scenario.Target;

/** The registry of protocol drivers: a new protocol is one driver class plus one line here. */
public final class Protocols {
    private Protocols() {
    }

    public static boolean isSupported(Protocol protocol) {
        return protocol == Protocol.HTTP;
    }

    /** @throws IllegalArgumentException for a protocol this worker cannot drive yet */
    public static ProtocolDriver create(Target target, HttpTransport transport) {
        return switch (target.protocol()) {
            case HTTP -> new HttpChatDriver(transport, target.http());
            default -> throw new IllegalArgumentException("protocol " + target.protocol().yamlName()
                    + " is not supported by this worker yet");
        };
    }
}
