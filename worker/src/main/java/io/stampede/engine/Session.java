package io.stampede.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.stampede.limits.ReplyBudget;
import io.stampede.protocol.UserConnection;
import io.stampede.protocol.UserSession;
import io.stampede.template.Variables;

/**
 * What a virtual user carries from step to step, and what protocol drivers see of it: its
 * variables, cookies, where it is (conversation number and id, turn, message history), its own
 * connection to the target and the exchange in flight. {@link VirtualUser} moves it along.
 * On the user's event loop only.
 */
final class Session implements UserSession {
    private final LaneContext lane;
    private final int userId;
    private final UserVariables variables;
    private final CookieJar cookies = new CookieJar();
    private final List<Map<String, Object>> history = new ArrayList<>();
    private final InFlight inFlight;
    /** What this user holds of the worker's reply budget. */
    private final ReplyBudget.Claim replies;
    /** The current conversation's number, from 1 (conversations done before, on a lost worker, count too). */
    private int conversation;
    private int turn;
    /**
     * The id the agent gave this conversation, or null: then it is ours, rendered when asked. Kept
     * as a String, ours would live through the think time after the conversation (promoted, then
     * garbage in the old generation).
     */
    private String conversationId;
    private UserConnection connection;
    /**
     * The last request's traceparent, as its parts, for Stampede's own client span of it (0: no
     * request since the last was taken). Not the String: one per request kept through the user's
     * think time is promoted, then garbage in the old generation.
     */
    private long sentSpan;
    private int sentConversation;
    private int sentTurn;
    /** The turn being sent: the dataset's reply to it, and the output tokens it asks for (0: none). */
    private String expectedReply;
    private int maxTokens;
    /** This conversation's turns so far: what the user said, what the agent answered (the simulator and the judge read it). */
    private final List<io.stampede.assist.SimulatedUser.Exchange> transcript = new ArrayList<>();

    Session(LaneContext lane, int userId, int conversationsDone) {
        this.lane = lane;
        this.userId = userId;
        this.conversation = conversationsDone;
        this.inFlight = new InFlight(lane.eventLoop());
        this.replies = lane.replies().claim();
        this.variables = new UserVariables(this, lane.scenario().data().rowForUser(userId));
    }

    /** Begins the next conversation: a new number and id, no history. */
    void nextConversation() {
        conversation++;
        turn = 0;
        conversationId = null;
        history.clear();
        transcript.clear();
        replies.endConversation();
        expectedReply = null;
        maxTokens = 0;
    }

    /** The turn about to be sent: what the dataset recorded as its reply (null: nothing), the output tokens to ask for. */
    void turnOfDataset(String expected, int tokens) {
        this.expectedReply = expected;
        this.maxTokens = tokens;
    }

    String expectedReply() {
        return expectedReply;
    }

    /** A turn was answered (or not: {@code reply} null): it joins the conversation the simulator and the judge see. */
    void answered(String message, String reply) {
        transcript.add(new io.stampede.assist.SimulatedUser.Exchange(message, reply == null ? "" : reply));
    }

    List<io.stampede.assist.SimulatedUser.Exchange> transcript() {
        return transcript;
    }

    /** The conversation so far as text: "User: …" and "Agent: …" lines, for a judge of the whole conversation. */
    String transcriptText() {
        StringBuilder text = new StringBuilder();
        for (io.stampede.assist.SimulatedUser.Exchange e : transcript) {
            text.append("User: ").append(e.user()).append('\n').append("Agent: ").append(e.agent()).append('\n');
        }
        return text.toString();
    }

    /** The conversation in progress did not complete: it does not count as done. */
    void conversationCut() {
        conversation--;
    }

    void turn(int turn) {
        this.turn = turn;
    }

    int conversation() {
        return conversation;
    }

    int turn() {
        return turn;
    }

    LaneContext lane() {
        return lane;
    }

    UserVariables userVariables() {
        return variables;
    }

    InFlight exchange() {
        return inFlight;
    }

    /** Interrupted: the connection may be in the middle of an exchange, so it is closed. */
    void closeConnection() {
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }

    /** Finished: the connection is handed to the lane's next user (see Http1Client). */
    void releaseConnection() {
        if (connection != null) {
            connection.release();
            connection = null;
        }
    }

    // ---- UserSession, for the drivers

    @Override
    public int userId() {
        return userId;
    }

    @Override
    public Variables variables() {
        return variables;
    }

    @Override
    public String conversationId() {
        return conversationId != null ? conversationId : lane.runId() + "-u" + userId + "-c" + conversation + lane.conversationTag();
    }

    @Override
    public void conversationId(String id) {
        conversationId = id;
    }

    @Override
    public List<Map<String, Object>> history() {
        return history;
    }

    @Override
    public String cookieHeader(String host) {
        return cookies.header(host);
    }

    @Override
    public void storeCookies(String host, List<String> setCookieHeaders) {
        cookies.store(host, setCookieHeaders);
    }

    @Override
    public void inFlight(Runnable cancel) {
        inFlight.onAbandon(cancel);
    }

    @Override
    public UserConnection connection() {
        return connection;
    }

    @Override
    public void connection(UserConnection connection) {
        this.connection = connection;
    }

    @Override
    public ReplyBudget.Claim replies() {
        return replies;
    }

    @Override
    public int maxTokens() {
        return maxTokens;
    }

    @Override
    public String traceparent() {
        long span = lane.random().nextLong();
        sentSpan = span == 0 ? 1 : span;
        sentConversation = conversation;
        sentTurn = turn;
        return sentTraceparent();
    }

    /** The traceparent of the request just made, once: a step that sent nothing has none. */
    String takeTraceparent() {
        if (sentSpan == 0) {
            return null;
        }
        String sent = sentTraceparent();
        sentSpan = 0;
        return sent;
    }

    private String sentTraceparent() {
        return TraceParent.of(lane.traceSeed(), userId, sentConversation, sentTurn, sentSpan);
    }
}
