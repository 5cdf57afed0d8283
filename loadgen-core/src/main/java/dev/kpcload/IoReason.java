package dev.kpcload;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/** The short, one-line reason of an I/O failure, for {@code FILE: cannot read: REASON} style messages. */
public final class IoReason {

    private IoReason() {
    }

    public static String of(IOException e) {
        // The NIO exceptions put the path, not the reason, into getMessage(): name the reason instead.
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileAlreadyExistsException f) {
            return "'" + f.getFile() + "' exists and is not a directory";
        }
        String reason = e instanceof FileSystemException f && f.getReason() != null ? f.getReason() : e.getMessage();
        if (reason == null || reason.isBlank()) {
            reason = e.getClass().getSimpleName();
        }
        reason = reason.replaceAll("\\s+", " ").strip();
        return Character.toLowerCase(reason.charAt(0)) + reason.substring(1);
    }
}
