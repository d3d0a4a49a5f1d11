package io.stampede.secret;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals the bytes of a message for one event-bus address with AES-256-GCM under a key derived
 * from the {@link ClusterSecret}: without the secret a node can neither read a sealed message
 * (scenario text, environment values, CSV rows, agent replies in reports) nor make one that
 * {@link #open} accepts. The address is authenticated with the bytes (GCM's associated data),
 * so a message sealed for one address is refused on any other.
 *
 * <p>Layout: {@code 'S' 1 | nonce (12) | ciphertext | tag (16)}. A nonce is never used twice
 * under a key: a random 8-byte prefix drawn per sealer and a 64-bit counter spread over it
 * and 4 more bytes. Thread-safe; a cipher per thread.
 */
public final class Sealer {
    private static final byte MAGIC = 'S';
    private static final byte LAYOUT = 1;
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;
    /** What sealing adds to a message: header, nonce and tag. */
    public static final int OVERHEAD = 2 + NONCE + TAG_BITS / 8;

    private final SecretKey key;
    private final AtomicLong counter = new AtomicLong();
    private final long prefix;
    private final ThreadLocal<Cipher> ciphers = ThreadLocal.withInitial(Sealer::newCipher);

    public Sealer(ClusterSecret secret) {
        this.key = new SecretKeySpec(secret.derive("stampede event bus v1"), "AES");
        this.prefix = new SecureRandom().nextLong();
    }

    public byte[] seal(String address, byte[] plain) {
        byte[] out = new byte[OVERHEAD + plain.length];
        out[0] = MAGIC;
        out[1] = LAYOUT;
        nonce(out);
        try {
            Cipher cipher = ciphers.get();
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, out, 2, NONCE));
            cipher.updateAAD(address.getBytes(StandardCharsets.UTF_8));
            cipher.doFinal(plain, 0, plain.length, out, 2 + NONCE);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed to seal", e);
        }
    }

    /** The bytes sealed for {@code address}, or null when they were not sealed for it with this cluster's secret. */
    public byte[] open(String address, byte[] sealed) {
        if (sealed == null || sealed.length < OVERHEAD || sealed[0] != MAGIC || sealed[1] != LAYOUT) {
            return null;
        }
        try {
            Cipher cipher = ciphers.get();
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 2, NONCE));
            cipher.updateAAD(address.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(sealed, 2 + NONCE, sealed.length - 2 - NONCE);
        } catch (GeneralSecurityException e) {
            return null; // forged, altered, for another address, or another secret: not ours
        }
    }

    /** (random prefix + counter / 2^32) and (counter mod 2^32): unique for 2^64 messages, no lock. */
    private void nonce(byte[] into) {
        long n = counter.getAndIncrement();
        ByteBuffer.wrap(into, 2, NONCE).putLong(prefix + (n >>> 32)).putInt((int) n);
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM is part of every Java runtime", e);
        }
    }
}
