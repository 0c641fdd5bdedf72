package io.pilotlight.alert;

import static java.util.Objects.requireNonNull;

import io.pilotlight.schedule.Notable;
import io.pilotlight.schedule.SchedulerEvent;
import io.pilotlight.schedule.SchedulerListener;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alerting's policy. It learns from scheduler events (failures, CBT fallbacks, verify faults, where
 * a follower stands), from disk freshness the daemon reads, and from a {@link SiteProbe} on each
 * {@link #tick}; after each it evaluates the rules ({@link ConditionRules}) and compares with what
 * is active: a new condition sends one FIRING message, one still holding a REMINDER each reminder
 * interval (checked on ticks), one gone one RESOLVED message. Per rule and subject, so one message however many events.
 * Every message passes the rate limit, then goes to every channel through {@link Delivery}.
 */
public final class AlertEngine implements SchedulerListener {
    private static final Logger LOG = LoggerFactory.getLogger(AlertEngine.class);

    private final Clock clock;
    private final String host;
    private final Delivery delivery;
    private final AlertListener listener;
    private final Facts facts = new Facts();
    private final Map<String, ActiveAlert> active = new LinkedHashMap<>();
    private final RateLimiter limiter = new RateLimiter();
    private AlertPlan plan = AlertPlan.NONE;

    public AlertEngine(Clock clock, String host, Delivery delivery, AlertListener listener) {
        this.clock = requireNonNull(clock, "clock is null");
        this.host = requireNonNull(host, "host is null");
        this.delivery = requireNonNull(delivery, "delivery is null");
        this.listener = requireNonNull(listener, "listener is null");
    }

    /**
     * Takes a (new) plan and the daemon's jobs by kind; active conditions stay active (a reload sends
     * nothing new), those of rules now off resolve at the next evaluation.
     */
    public synchronized void configure(AlertPlan next, Map<String, String> jobKinds) {
        plan = requireNonNull(next, "next is null");
        facts.jobKinds.clear();
        facts.jobKinds.putAll(jobKinds);
    }

    public synchronized AlertPlan plan() {
        return plan;
    }

    @Override
    public void on(SchedulerEvent event) {
        synchronized (this) {
            if (event instanceof SchedulerEvent.Failed failed) {
                facts.failed(failed.job(), failed.reason(), failed.at());
            } else if (event instanceof SchedulerEvent.Succeeded succeeded) {
                facts.succeeded(succeeded.job(), succeeded.outcome().notable().contains(Notable.CBT_FALLBACK),
                        succeeded.outcome().reason(), succeeded.at());
                succeeded.outcome().follower().ifPresent(position ->
                        facts.standbyPoints.put(succeeded.job(), position.pointCreated()));
            } else {
                return;
            }
        }
        evaluate(false);
    }

    /** A disk's newest committed point, as the daemon read it from its repository. */
    public synchronized void diskPoint(String disk, Instant newest, Optional<Duration> rpo) {
        facts.disks.put(requireNonNull(disk, "disk is null"), new Facts.Point(newest, rpo));
    }

    /** Keeps only these disks' points (a reload dropped the others). */
    public synchronized void retainDisks(Set<String> disks) {
        facts.disks.keySet().retainAll(disks);
    }

    /** Probes the site (repositories, recovery-site space), then evaluates: the daemon calls it every check interval. */
    public void tick(SiteProbe probe) {
        Map<String, String> unreachable = probe.unreachableRepositories();
        Map<String, DiskSpace> space = new LinkedHashMap<>();
        for (Map.Entry<String, AlertRules.Follower> follower : plan().rules().followers().entrySet()) {
            try {
                space.put(follower.getKey(), probe.space(follower.getValue().standby()));
            } catch (IOException | RuntimeException e) {
                LOG.warn("follower {}: cannot read the free space of {}: {}", follower.getKey(),
                        follower.getValue().standby(), e.getMessage());
            }
        }
        synchronized (this) {
            facts.unreachable.clear();
            facts.unreachable.putAll(unreachable);
            facts.space.clear();
            facts.space.putAll(space);
        }
        evaluate(true);
    }

    /**
     * Evaluates the rules now and sends what changed; reminders only when {@code remind} (on a tick,
     * whose probe is fresh: a reminder must not go out a moment before the tick that resolves it).
     */
    private void evaluate(boolean remind) {
        List<AlertMessage> messages = new ArrayList<>();
        AlertPlan current;
        synchronized (this) {
            current = plan;
            Instant now = clock.instant();
            compare(ConditionRules.evaluate(plan.rules(), facts, now), now, remind, messages);
            for (int i = 0; i < messages.size(); i++) {
                if (limiter.tryAcquire(plan.rateLimit(), now)) {
                    messages.set(i, messages.get(i).withSuppressed(limiter.takeHeld()));
                } else {
                    listener.suppressed(messages.get(i));
                    LOG.warn("alert held back by the rate limit: {}", messages.get(i).headline());
                    messages.set(i, null);
                }
            }
        }
        messages.stream().filter(java.util.Objects::nonNull).forEach(message -> {
            LOG.info("alert: {}", message.headline());
            delivery.deliver(message, current.channels(), current.retry());
        });
    }

    private void compare(List<Condition> conditions, Instant now, boolean remind, List<AlertMessage> messages) {
        Map<String, Condition> holding = new LinkedHashMap<>();
        conditions.forEach(condition -> holding.put(condition.key(), condition));
        for (String key : List.copyOf(active.keySet())) {
            if (!holding.containsKey(key)) {
                ActiveAlert ended = active.remove(key);
                messages.add(AlertMessage.of(AlertMessage.State.RESOLVED, ended.condition(), ended.since(), now, host));
            }
        }
        for (Condition condition : holding.values()) {
            ActiveAlert known = active.get(condition.key());
            if (known == null) {
                Instant since = condition.since().isAfter(now) ? now : condition.since();
                active.put(condition.key(), new ActiveAlert(condition, since, now, 0));
                messages.add(AlertMessage.of(AlertMessage.State.FIRING, condition, since, now, host));
            } else if (remind && plan.reminder().isPresent()
                    && !Duration.between(known.lastNotified(), now).minus(plan.reminder().get()).isNegative()) {
                active.put(condition.key(), known.update(condition).reminded(now));
                messages.add(AlertMessage.of(AlertMessage.State.REMINDER, condition, known.since(), now, host));
            } else {
                active.put(condition.key(), known.update(condition));
            }
        }
    }

    /** The conditions holding now, by rule/subject. */
    public synchronized Map<String, ActiveAlert> firing() {
        return new TreeMap<>(active);
    }

    /** Each configured channel's delivery record (and of channels a reload removed, once used). */
    public Map<String, ChannelStatus> channels() {
        Map<String, ChannelStatus> known = delivery.status();
        plan().channels().forEach(channel -> known.putIfAbsent(channel.name(), ChannelStatus.fresh(channel.name())));
        return known;
    }

    /** Sends a test message through one channel, once, without retry or rate limit: the {@code alert test} command. */
    public static void test(AlertChannel channel, Clock clock, String host) throws IOException {
        channel.send(AlertMessage.test(channel.name(), clock.instant(), host));
    }
}
