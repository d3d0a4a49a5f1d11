package io.stampede.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;

/** What users hold of a worker's reply budget, and when they give it back. */
class ReplyBudgetTest {
    private static final long MIB = 1024 * 1024;

    @Test
    void aReplyThatDoesNotFitIsRefusedAndTheBudgetIsWholeAgainOnceItsUsersEnd() {
        ReplyBudget budget = new ReplyBudget(4 * MIB);
        ReplyBudget.Claim a = budget.claim();
        ReplyBudget.Claim b = budget.claim();
        assertThat(a.grow(3 * MIB)).isTrue();
        assertThat(b.grow(2 * MIB)).as("3 + 2 MiB do not fit 4").isFalse();
        assertThat(b.grow(MIB)).as("what is left does").isTrue();
        assertThat(b.grow(1)).as("and then nothing more").isFalse();
        assertThat(budget.freeBytes()).as("the cut reply was dropped: what it drew went back, but for a step")
                .isEqualTo(MIB - ReplyBudget.STEP);
        assertThat(a.reason()).isEqualTo("the reply was cut at the worker's reply budget (4 MiB for the replies of all its"
                + " users at once): lower target.max_reply_bytes or the users per worker, or give workers more heap (-Xmx,"
                + " --reply-budget)");
        a.close();
        b.close();
        assertThat(budget.freeBytes()).isEqualTo(4 * MIB);
        assertThat(a.grow(1)).as("an ended user draws nothing more").isFalse();
        assertThat(budget.freeBytes()).isEqualTo(4 * MIB);
    }

    @Test
    void byDefaultItIsHalfOfTheHeapBeyondWhatTheProcessNeedsAndNeverLessThanAnEighth() {
        assertThat(ReplyBudget.defaultBytes(256 * MIB)).isEqualTo(96 * MIB);
        assertThat(ReplyBudget.defaultBytes(1024 * MIB)).isEqualTo(480 * MIB);
        assertThat(ReplyBudget.defaultBytes(128 * MIB)).isEqualTo(32 * MIB);
        assertThat(ReplyBudget.defaultBytes(32 * MIB)).isEqualTo(4 * MIB);
        assertThat(ReplyBudget.of(null).totalBytes()).isEqualTo(ReplyBudget.defaultBytes(Runtime.getRuntime().maxMemory()));
        assertThat(ReplyBudget.of(5 * MIB).totalBytes()).isEqualTo(5 * MIB);
    }

    @Test
    void aUserHoldsItsLastReplyUntilTheNextOneIsSettledAndAConversationsRepliesUntilItEnds() {
        ReplyBudget budget = new ReplyBudget(100 * MIB);
        ReplyBudget.Claim user = budget.claim();
        user.grow(10 * MIB);
        user.settle(false);
        assertThat(user.held()).as("the last reply is still held").isEqualTo(10 * MIB);
        user.grow(20 * MIB);
        assertThat(user.held()).as("while the next one arrives, both").isEqualTo(30 * MIB);
        user.settle(false);
        assertThat(user.held()).as("the next one replaced it").isEqualTo(20 * MIB);
        user.settle(false);
        assertThat(user.held()).as("a step that read nothing changes nothing").isEqualTo(20 * MIB);

        user.grow(5 * MIB);
        user.settle(true);
        user.grow(7 * MIB);
        user.settle(true);
        assertThat(user.held()).as("replies of a conversation's transcript stay").isEqualTo(12 * MIB);
        user.endConversation();
        assertThat(user.held()).isZero();
        assertThat(budget.freeBytes()).as("at most one step of spare is kept drawn")
                .isBetween(100 * MIB - ReplyBudget.STEP, 100 * MIB);
        user.close();
        assertThat(budget.freeBytes()).isEqualTo(100 * MIB);
    }

    @Test
    void usersOnManyThreadsNeverDrawMoreThanTheBudgetAndGiveItAllBack() throws InterruptedException {
        ReplyBudget budget = new ReplyBudget(10 * MIB);
        int threads = 8;
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> all = new ArrayList<>();
        long[] most = new long[1];
        for (int t = 0; t < threads; t++) {
            Thread thread = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < 2_000; i++) {
                    ReplyBudget.Claim c = budget.claim();
                    while (c.grow(100_000)) {
                        synchronized (most) {
                            most[0] = Math.max(most[0], 10 * MIB - budget.freeBytes());
                        }
                        if (c.held() > 3 * MIB) {
                            break;
                        }
                    }
                    c.settle(false);
                    c.close();
                }
            });
            thread.start();
            all.add(thread);
        }
        go.countDown();
        for (Thread t : all) {
            t.join();
        }
        assertThat(most[0]).isLessThanOrEqualTo(10 * MIB);
        assertThat(budget.freeBytes()).isEqualTo(10 * MIB);
    }
}
