package dev.kpcload.kp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;

/** 10/EPMP payloads a meter sends. */
public final class EpmxPayloads {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The {@code get} request body: {@code {}}, all metadata. */
    private static final byte[] GET_ALL = {'{', '}'};

    private EpmxPayloads() {
    }

    /** The tutorial meter's {@code update/keys} body: {@code {"model":"...","mac":"..."}}, compact JSON. */
    public static byte[] modelAndMac(String model, String mac) {
        ObjectNode node = JSON.createObjectNode();
        node.put("model", model);
        node.put("mac", mac);
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The {@code get} request body {@code {}} (a fresh array: callers may keep it as their own). */
    public static byte[] getAll() {
        return GET_ALL.clone();
    }
}
