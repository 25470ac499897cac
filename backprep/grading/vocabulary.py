"""Word lists for the graders: backend aliases, British spellings, stopwords and negation cues.

Alias keys are tuples of folded tokens (see :func:`backprep.grading.text.fold`); a value is the
canonical spelling, one or more words. Rubric texts and answers go through the same mapping, so
"JWT" in a must-have group matches "json web tokens" in an answer and the other way round.
"""

from __future__ import annotations

_PHRASES: dict[str, tuple[str, ...]] = {
    "nplus1": ("n+1", "n plus one", "n plus 1", "n+1s"),
    "jwt": ("json web token", "json web tokens", "jwts"),
    "kubernetes": ("k8s", "kube"),
    "database": ("db", "dbs", "dbms", "rdbms"),
    "orm": ("object relational mapper", "object relational mapping", "object relational mappers"),
    "api": ("application programming interface", "application programming interfaces"),
    "sqli": ("sql injection", "sql injections"),
    "xss": ("cross site scripting",),
    "csrf": ("xsrf", "cross site request forgery"),
    "ssrf": ("server side request forgery",),
    "cors": ("cross origin resource sharing",),
    "cdn": ("content delivery network", "content distribution network", "cdns"),
    "ttl": ("time to live", "ttls"),
    "rbac": ("role based access control",),
    "abac": ("attribute based access control",),
    "mfa": (
        "2fa",
        "multi factor authentication",
        "multifactor authentication",
        "two factor authentication",
        "multi factor",
        "two factor",
    ),
    "dns": ("domain name system",),
    "tls": ("ssl", "transport layer security"),
    "pk": ("primary key", "primary keys", "pks"),
    "fk": ("foreign key", "foreign keys", "fks"),
    "dlq": ("dead letter queue", "dead letter queues", "dead letter", "dlqs"),
    "pubsub": ("pub sub", "publish subscribe"),
    "slo": ("service level objective", "service level objectives", "slos"),
    "sli": ("service level indicator", "service level indicators", "slis"),
    "sla": ("service level agreement", "service level agreements", "slas"),
    "apm": ("application performance monitoring",),
    "ci": ("continuous integration",),
    "cd": ("continuous delivery", "continuous deployment"),
    "oidc": ("openid connect", "open id connect"),
    "sso": ("single sign on",),
    "csp": ("content security policy",),
    "hsts": ("http strict transport security", "strict transport security"),
    "dos": ("denial of service",),
    "ddos": ("distributed denial of service",),
    "load balancer": ("lb", "lbs"),
    "e2e": ("end to end",),
    "tdd": ("test driven development",),
    "vm": ("virtual machine", "virtual machines", "vms"),
    "gc": ("garbage collection", "garbage collector"),
    "gil": ("global interpreter lock",),
    "mvcc": ("multi version concurrency control", "multiversion concurrency control"),
    "cte": ("common table expression", "common table expressions", "ctes"),
    "lru": ("least recently used",),
    "lfu": ("least frequently used",),
    "rps": ("requests per second",),
    "qps": ("queries per second",),
    "2pc": ("two phase commit",),
    "dataloader": ("data loader", "dataloaders", "data loaders"),
    "graphql": ("gql",),
    "postgresql": ("postgres", "pg", "psql"),
    "mongodb": ("mongo",),
    "javascript": ("js",),
    "nosql": ("no sql",),
    "oauth": ("oauth2", "oauth 2", "oauth 2.0"),
    "transaction": ("tx", "txn", "txns"),
    "message queue": ("mq", "mqs"),
    "key value": ("kv",),
    "id": ("ids", "identifier", "identifiers"),
    "configuration": ("config", "configs"),
    "environment": ("env", "envs"),
    "repository": ("repo", "repos"),
    "performance": ("perf",),
    "asynchronous": ("async",),
    "synchronous": ("sync",),
    "production": ("prod",),
    "request": ("req", "reqs"),
    "message": ("msg", "msgs"),
    "application": ("app", "apps"),
    "information": ("info",),
    "authentication": ("authn",),
    "authorization": ("authz",),
    "behavior": ("behaviour", "behaviours", "behaviors"),
    "analyze": ("analyse", "analysed", "analyses", "analysing"),
}

#: British "-ise" forms of backend verbs, folded to "-ize" before stemming.
BRITISH_STEMS = frozenset(
    {
        "normal", "serial", "deserial", "optim", "author", "organ", "priorit", "minim",
        "maxim", "synchron", "initial", "categor", "custom", "util", "sanit", "recogn",
        "central", "material", "virtual", "container", "parallel", "memo", "visual", "amort",
        "final", "summar", "standard", "capital", "token", "local", "special", "general",
        "denormal", "penal", "real", "character", "stabil", "modular", "random", "emphas",
    }
)  # fmt: skip


def _build_aliases() -> dict[tuple[str, ...], str]:
    aliases: dict[tuple[str, ...], str] = {}
    for canonical, spellings in _PHRASES.items():
        for spelling in (*spellings, canonical):
            key = tuple(spelling.replace("-", " ").replace(".", " ").split())
            if key != tuple(canonical.split()):
                aliases[key] = canonical
    return aliases


ALIASES: dict[tuple[str, ...], str] = _build_aliases()

NEGATION_CUES = frozenset(
    {
        "not", "no", "never", "without", "cannot", "neither", "nor", "none", "nothing",
        "nobody", "nowhere", "dont", "doesnt", "isnt", "arent", "cant", "wont", "didnt",
        "shouldnt", "wasnt", "werent", "hasnt", "havent", "couldnt", "wouldnt", "mustnt",
        "pointless", "useless", "unnecessary", "irrelevant", "overkill",
    }
)  # fmt: skip

STOPWORDS = frozenset(
    {
        "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and",
        "any", "are", "as", "at", "be", "because", "been", "before", "being", "below",
        "between", "both", "but", "by", "can", "could", "did", "do", "does", "doing", "down",
        "during", "each", "else", "etc", "even", "ever", "every", "few", "for", "from",
        "further", "had", "has", "have", "having", "he", "her", "here", "hers", "him", "his",
        "how", "however", "i", "if", "in", "into", "is", "it", "its", "itself", "just", "let",
        "may", "me", "might", "more", "most", "much", "must", "my", "now", "of", "off", "on",
        "once", "only", "or", "other", "our", "ours", "out", "over", "own", "per", "quite",
        "rather", "really", "same", "she", "should", "so", "some", "such", "than", "that",
        "the", "their", "theirs", "them", "then", "there", "these", "they", "this", "those",
        "though", "through", "thus", "to", "too", "under", "until", "up", "upon", "us",
        "very", "via", "was", "we", "well", "were", "what", "when", "where", "whether",
        "which", "while", "who", "whom", "whose", "why", "will", "with", "within", "would",
        "yet", "you", "your", "yours", "basically", "actually", "simply", "instead", "like",
        "get", "gets", "got", "make", "makes", "one's", "i'm", "it's", "that's", "there's",
        "they're", "we're", "you're", "what's", "e", "g", "ie", "eg", "s", "t",
    }
) | NEGATION_CUES  # fmt: skip
