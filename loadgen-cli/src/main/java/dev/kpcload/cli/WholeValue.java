package dev.kpcload.cli;

import com.beust.jcommander.converters.IParameterSplitter;

import java.util.List;

/** A repeatable flag whose value holds commas of its own ({@code --stall at=10s,for=2s}): one value per use. */
public final class WholeValue implements IParameterSplitter {
    @Override
    public List<String> split(String value) {
        return List.of(value);
    }
}
