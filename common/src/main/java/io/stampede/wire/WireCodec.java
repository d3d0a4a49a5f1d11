package io.stampede.wire;

import java.io.IOException;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.stampede.json.Json;

/**
 * Encodes wire messages as JSON bytes and decodes them, refusing other protocol versions.
 * Unknown fields are ignored so a newer node can add fields without breaking older ones.
 */
public final class WireCodec {
    private static final ObjectMapper MAPPER = Json.MAPPER.copy()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private WireCodec() {
    }

    public static byte[] encode(WireMessage message) {
        return Json.bytes(message);
    }

    /** @throws WireFormatException when the bytes are not a message of this type and version */
    public static <T extends WireMessage> T decode(byte[] bytes, Class<T> type) {
        try {
            JsonNode tree = MAPPER.readTree(bytes);
            if (tree == null || !tree.isObject()) {
                throw new WireFormatException(type.getSimpleName() + ": not a JSON object");
            }
            int version = tree.path("v").asInt(-1);
            if (version != WireMessage.VERSION) {
                throw new WireFormatException(type.getSimpleName() + ": protocol version " + version
                        + ", this node speaks " + WireMessage.VERSION);
            }
            return MAPPER.treeToValue(tree, type);
        } catch (IOException e) {
            throw new WireFormatException(type.getSimpleName() + ": " + e.getMessage());
        }
    }
}
