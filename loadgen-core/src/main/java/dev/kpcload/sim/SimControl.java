package dev.kpcload.sim;

import io.netty.channel.Channel;

import java.util.List;

/** What the fault scheduler may do to a running simulator; {@link KpcSimulator} provides it. */
interface SimControl {

    /** The client connections open now, in accept order. */
    List<Channel> connections();

    /** Stops or resumes accepting new connections (the kernel's backlog holds them meanwhile). */
    void accepting(boolean accept);

    /** Closes the listener and every connection. */
    void stopListening();

    /** Listens again on the same port (retrying while the port is not free yet). */
    void listenAgain();
}
