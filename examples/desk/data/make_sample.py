#!/usr/bin/env python3
"""Writes sample.jsonl, the demo's month of complaints (March 2026), deterministically.

Each line is one complaint with the fields of `redress-desk add` (underscores or
hyphens, both are accepted) and a "plan": the actions the desk's agents take on it,
each "after" a time from its receipt. The texts are written for this project in
English, Korean and Chinese; amounts in the texts are in the customer's currency,
the fields in the desk's (minor units are two decimals).

    python3 examples/desk/data/make_sample.py > examples/desk/data/sample.jsonl
"""
import json
import random

R = random.Random(2026)
COUNT = 200

# (language, category, text, forced channel or None, kind). The kind picks the
# scenario: "plain" texts get the usual mix, the others their own handling.
TEMPLATES = [
    ("en", "billing", "I was charged twice for order #{order}. The invoice shows {eur} EUR "
     "two times. Please refund the duplicate charge.", None, "plain"),
    ("en", "delivery", "Order #{order} was due on {date} and has still not arrived. Tracking "
     "has not changed for {days} days. When will it be delivered?", None, "plain"),
    ("en", "product", "The blender from order #{order} stopped working after {days} days. It "
     "is under warranty, so I would like a replacement or a refund of {eur} EUR.", None, "plain"),
    ("en", "billing", "Invoice {invoice} lists a fee of {eur} EUR that is not in my contract. "
     "Please explain the charge and correct the invoice.", None, "plain"),
    ("en", "service", "I am so upset. Your agent hung up on me twice and nobody called back. "
     "I feel completely ignored!!", None, "plain"),
    ("en", "delivery", "This is the worst experience ever. The parcel arrived smashed and the "
     "courier was rude to my mother. Unbelievable!", None, "plain"),
    ("en", "product", "I am really disappointed. The jacket from order #{order} tore after one "
     "wash. I paid {eur} EUR and I want my money back.", None, "plain"),
    ("en", "service", "I have been a loyal customer for ten years and this is how you treat "
     "me? I am cancelling my account and moving to another provider.", None, "plain"),
    ("en", "refund", "Posting this on Twitter so everyone knows: three weeks and still no "
     "refund for order #{order}. Terrible service.", "social", "public"),
    ("en", "refund", "If this is not fixed by Friday I will contact my lawyer and the "
     "newspaper. You took {eur} EUR and delivered nothing.", "media", "public"),
    ("en", "refund", "I have filed a complaint with the Financial Ombudsman because my refund "
     "of {eur} EUR was refused without any reason.", "regulator", "regulator"),
    ("en", "service", "You idiots ruined my weekend. Pay me {eur} EUR today or I will post "
     "one-star reviews everywhere.", None, "abusive"),
    ("en", "delivery", "The delivery was one day late. I demand {big} EUR in compensation and "
     "a free year of service.", None, "unrealistic"),
    ("en", "account", "I cannot log in to my account since the update on {date}. The reset "
     "email never arrives. Please fix this.", None, "plain"),
    ("en", "refund", "I returned order #{order} on {date} with the prepaid label. It is now "
     "{days} days later and the refund of {eur} EUR has not arrived.", None, "plain"),
    ("en", "service", "Hello, the technician did not come to the appointment on {date} between "
     "8 and 12. Could you please reschedule? Thank you.", None, "plain"),
    ("en", "billing", "Your agent told me on the phone that the upgrade was free, but my bill "
     "now shows {eur} EUR for it.", None, "misinformed"),
    ("en", "delivery", "The wrong item was delivered for order #{order}: I ordered size M and "
     "received XL. Please send the correct one.", None, "plain"),
    ("en", "delivery", "I am crying as I write this. The cake for my daughter's birthday never "
     "arrived and the party was ruined.", None, "plain"),
    ("en", "service", "This is the third time I am complaining about the same problem: my "
     "internet connection drops every evening.", None, "plain"),
    ("en", "billing", "My direct debit was taken on {date} although I cancelled the contract "
     "last month. Please return {eur} EUR.", None, "plain"),
    ("en", "product", "Survey comment: the app is slow and checkout failed three times. Not "
     "happy.", "survey", "plain"),
    ("en", "account", "Dear Sir or Madam, I write regarding policy number {policy}. The claim "
     "I submitted on {date} has received no answer. I request a written reply within 14 "
     "days.", "letter", "plain"),
    ("en", "refund", "At the store the manager refused my return although the receipt is "
     "valid for 30 days.", "in_person", "plain"),
    ("ko", "delivery", "주문번호 {order} 상품이 {days}일째 배송되지 않고 있습니다. 언제 도착하는지 "
     "알려주세요.", None, "plain"),
    ("ko", "billing", "같은 주문({order})에 {krw}원이 두 번 결제되었습니다. 중복 결제 금액을 "
     "환불해 주세요.", None, "plain"),
    ("ko", "service", "정말 화가 나요!! 상담원이 전화를 두 번이나 끊었어요 ㅡㅡ", None, "plain"),
    ("ko", "product", "너무 속상해요 ㅠㅠ 아이 생일 선물이 부서진 채로 왔어요.", None, "plain"),
    ("ko", "service", "이런 식이면 해지하고 다른 통신사로 옮기겠습니다.", None, "plain"),
    ("ko", "refund", "환불이 안 되면 소비자원에 신고하겠습니다. 영수증도 가지고 있습니다.",
     "regulator", "regulator"),
    ("ko", "service", "인터넷이 매일 저녁마다 끊깁니다. 벌써 세 번째 같은 문제로 연락드립니다.",
     None, "plain"),
    ("ko", "product", "보증기간 안인데 수리를 거절당했습니다. 보증서 사본을 첨부합니다.", None,
     "plain"),
    ("ko", "billing", "직원이 무료라고 안내했는데 청구서에 {krw}원이 청구되었습니다.", None,
     "misinformed"),
    ("ko", "delivery", "배송 기사님이 너무 불친절했어요. 정말 실망입니다.", None, "plain"),
    ("ko", "refund", "반품한 지 {days}일이 지났는데 아직 환불이 안 됐어요. 주문번호는 "
     "{order}입니다.", None, "plain"),
    ("ko", "account", "앱에서 로그인이 안 됩니다. 비밀번호 재설정 메일이 오지 않아요.", None,
     "plain"),
    ("ko", "service", "언론에 제보하겠습니다. 이런 회사는 처음 봅니다!!!", "media", "public"),
    ("ko", "delivery", "주문한 사이즈와 다른 제품이 왔습니다. 교환 부탁드립니다.", None, "plain"),
    ("ko", "service", "지금 당장 {krw_big}원을 보상하지 않으면 인터넷에 다 올리겠습니다.", "social",
     "abusive"),
    ("ko", "service", "안녕하세요, 설치 기사님 방문 일정을 다시 잡고 싶습니다. 감사합니다.", None,
     "plain"),
    ("zh", "delivery", "订单号{order}已经{days}天了还没有发货，请尽快处理。", None, "plain"),
    ("zh", "billing", "同一笔订单被扣了两次款，共{cny}元，请退还重复扣款。", None, "plain"),
    ("zh", "service", "太气人了！客服态度非常差，还挂我电话！！", None, "plain"),
    ("zh", "product", "我真的很失望，买的手机用了{days}天就坏了，还在保修期内，要求换新。", None,
     "plain"),
    ("zh", "refund", "如果不解决，我就向消费者协会投诉，并且找律师。", "regulator", "regulator"),
    ("zh", "delivery", "你们的快递员把包裹扔在门口，东西全摔坏了，气死我了！", None, "plain"),
    ("zh", "service", "已经是第三次投诉同一个问题了，网络每天晚上都断线。", None, "plain"),
    ("zh", "refund", "再不退款我就发微博曝光你们。", "social", "public"),
    ("zh", "billing", "客服说升级是免费的，但是账单上多收了{cny}元。", None, "misinformed"),
    ("zh", "refund", "退货已经{days}天了，退款{cny}元还没到账，订单号{order}。", None, "plain"),
    ("zh", "account", "我要注销账户，换别家公司。", None, "plain"),
    ("zh", "service", "您好，安装师傅没有按约定时间上门，麻烦重新安排，谢谢。", None, "plain"),
    ("zh", "billing", "发票{invoice}上的金额不对，合同里没有这项费用，请核实并更正。", None,
     "plain"),
    ("zh", "service", "不赔{cny_big}元我就天天打电话骚扰你们。", None, "abusive"),
    ("zh", "product", "商品和描述严重不符，要求全额退款。", None, "plain"),
    ("zh", "service", "记者已经联系我了，我会把这件事告诉媒体。", "media", "public"),
]

LANGUAGE_SHARE = {"en": 0.5, "ko": 0.25, "zh": 0.25}
DIRECT_CHANNELS = [("email", 30), ("phone", 25), ("web", 20), ("chat", 15), ("in_person", 5),
                   ("letter", 3), ("survey", 2)]
AGENTS = {"en": ["agent-smith", "agent-jones", "agent-patel"],
          "ko": ["agent-kim", "agent-lee", "agent-park"],
          "zh": ["agent-chen", "agent-wang", "agent-liu"]}
SORRY = {"en": "We are sorry about this and are looking into it now.",
         "ko": "불편을 드려 정말 죄송합니다. 바로 확인하겠습니다.",
         "zh": "非常抱歉给您带来不便，我们马上处理。"}
POINTS = {"billing": "charged for something not agreed", "delivery": "order late, lost or damaged",
          "product": "product faulty within warranty", "service": "treated badly by our staff",
          "refund": "refund promised but not paid", "account": "cannot use the account"}
# The team each language's agents work in; escalations go to the supervisors' team.
TEAMS = {"en": "london", "ko": "seoul", "zh": "shanghai"}
REMEDIES = {"billing": "refund of the overcharge", "delivery": "reshipment at our cost",
            "product": "replacement under warranty", "service": "apology and a service credit",
            "refund": "refund paid today", "account": "account access restored"}


def weighted(pairs):
    total = sum(w for _, w in pairs)
    x = R.uniform(0, total)
    for value, w in pairs:
        x -= w
        if x <= 0:
            return value
    return pairs[-1][0]


def span(minutes):
    """Minutes as a duration the desk reads: 1d4h30m."""
    d, rest = divmod(int(minutes), 1440)
    h, m = divmod(rest, 60)
    return "".join("%d%s" % (v, u) for v, u in ((d, "d"), (h, "h"), (m, "m")) if v) or "0m"


class Plan:
    """Actions at increasing times (minutes after receipt)."""

    def __init__(self, agent):
        self.t = 0
        self.agent = agent
        self.actions = []

    def add(self, wait_min, wait_max, verb, **fields):
        self.t += R.randint(wait_min, wait_max)
        action = {"after": span(self.t), "verb": verb, "actor": fields.pop("actor", self.agent)}
        action.update(fields)
        self.actions.append(action)


def assign_teams(actions, agent, lang):
    """The agent takes the complaint for their team with their first action, and the
    supervisor's team with an escalation: assignments are internal, so they move no
    deadline. They take no random draws, so the rest of the sample stays as it was."""
    if not actions:
        return actions  # neglected: nobody picked it up
    out = [{"after": actions[0]["after"], "verb": "assign", "actor": agent, "owner": agent,
            "team": TEAMS[lang]}]
    for action in actions:
        out.append(action)
        if action["verb"] == "escalate":
            out.append({"after": action["after"], "verb": "assign", "actor": action["to"],
                        "owner": action["to"], "team": "escalations"})
    return out


def money(amount):
    return "%d.%02d" % divmod(amount, 100)


def finish(p, c, satisfaction):
    if satisfaction:
        p.add(600, 4000, "confirm", actor=c["customer"], satisfaction=satisfaction)
    else:
        p.add(4000, 10000, "close", note="No answer to the follow-up call.")


def standard(p, c, lang):
    p.add(30, 300, "acknowledge", note=SORRY[lang])
    p.add(120, 1200, "investigate", point=POINTS[c["category"]],
          demand=c.get("remedy", "a fix"))
    if R.random() < 0.4:
        p.add(10, 120, "note", note="Checked the order history and the logs.")
    if R.random() < 0.5:
        p.add(10, 60, "promise", note="We will answer within three days.", due="+3d")
    if R.random() < 0.3:
        p.add(1000, 3000, "update", note="Still working on it; thank you for your patience.")
    decision = weighted([("upheld", 70), ("partly_upheld", 30)])
    p.add(600, 4000, "respond", decision=decision, remedy=REMEDIES[c["category"]],
          compensation=money(min(c.get("claimed_minor", 2000), 9000)))
    p.add(300, 3000, "fulfill", actor="ops")
    finish(p, c, weighted([(5, 35), (4, 30), (3, 15), (2, 5), (0, 15)]))


def on_the_spot(p, c, lang):
    p.add(5, 40, "resolve_on_the_spot", note=SORRY[lang], decision="upheld",
          remedy=REMEDIES[c["category"]])
    finish(p, c, weighted([(5, 60), (4, 30), (0, 10)]))


def awaiting(p, c, lang):
    p.add(30, 240, "acknowledge", note=SORRY[lang])
    p.add(120, 900, "investigate", point="needs the customer's documents",
          demand=c.get("remedy", "a fix"))
    p.add(10, 120, "await_customer", note="Asked for a photo of the receipt.")
    p.add(1440, 5000, "customer_reply", actor=c["customer"], note="Receipt sent.")
    p.add(600, 3000, "respond", decision="upheld", remedy=REMEDIES[c["category"]])
    p.add(300, 2000, "fulfill", actor="ops")
    finish(p, c, weighted([(5, 30), (4, 40), (3, 20), (0, 10)]))


def declined(p, c, lang, legitimacy):
    p.add(60, 600, "acknowledge", note=SORRY[lang])
    p.add(300, 1500, "investigate", point="claim beyond the order's value",
          demand=c.get("remedy", "compensation"))
    p.add(60, 600, "assess", actor="lead-park", legitimacy=legitimacy)
    p.add(600, 3000, "respond", decision="declined",
          remedy="explained our policy; no compensation beyond it")
    p.add(4000, 9000, "close", note="Customer informed in writing.")


def escalated(p, c, lang):
    p.add(20, 120, "acknowledge", note=SORRY[lang])
    p.add(30, 300, "escalate", to="lead-park", note="Threat of going public: supervisor takes over.")
    if c["severity"] in ("low", "normal"):
        p.add(5, 30, "set_severity", actor="lead-park", severity="high")
    p.add(120, 600, "investigate", actor="lead-park", point="handled badly at first contact",
          demand=c.get("remedy", "an apology"))
    p.add(600, 2000, "hold", actor="lead-park", note="Holding reply: answer within ten days.")
    p.add(1440, 6000, "respond", actor="lead-park", decision="upheld",
          remedy=REMEDIES[c["category"]], compensation="50.00")
    p.add(300, 2000, "fulfill", actor="ops")
    finish(p, c, weighted([(4, 40), (3, 40), (2, 20)]))


def misinformed(p, c, lang):
    p.add(30, 300, "acknowledge", note=SORRY[lang])
    p.add(120, 900, "investigate", point="staff promised a free upgrade",
          demand="remove the charge")
    p.add(30, 300, "assess", actor="lead-park", legitimacy="misinformed",
          note="Call recording confirms the wrong information.")
    p.add(300, 2000, "respond", decision="upheld", remedy="charge removed, apology",
          compensation="10.00")
    p.add(300, 1500, "fulfill", actor="ops")
    finish(p, c, weighted([(5, 50), (4, 40), (0, 10)]))


def slow(p, c, lang):
    p.add(1800, 3000, "acknowledge", note=SORRY[lang])
    p.add(1440, 4000, "investigate", point="backlog in the team",
          demand=c.get("remedy", "a fix"))
    p.add(7000, 12000, "update", note="Sorry for the delay, we are still on it.")
    p.add(4000, 9000, "respond", decision="partly_upheld", remedy=REMEDIES[c["category"]],
          compensation="15.00")
    p.add(1440, 5000, "fulfill", actor="ops")
    finish(p, c, weighted([(2, 40), (3, 30), (1, 10), (0, 20)]))


def reopened(p, c, lang):
    p.add(30, 300, "acknowledge", note=SORRY[lang])
    p.add(120, 900, "investigate", point="fault came back", demand=c.get("remedy", "a fix"))
    p.add(600, 3000, "respond", decision="upheld", remedy=REMEDIES[c["category"]])
    p.add(300, 2000, "fulfill", actor="ops")
    p.add(1440, 4000, "reopen", note="The customer says the problem is back.")
    p.add(600, 3000, "respond", decision="upheld", remedy="engineer visit",
          compensation="20.00")
    p.add(300, 2000, "fulfill", actor="ops")
    finish(p, c, weighted([(4, 50), (3, 50)]))


def withdrawn(p, c, lang):
    p.add(30, 600, "acknowledge", note=SORRY[lang])
    p.add(600, 3000, "withdraw", actor=c["customer"], note="Sorted it out myself, thanks.")


def neglected(p, c, lang):
    """Nobody picks it up: every deadline breaches."""


def choose_scenario(kind, channel):
    if kind == "abusive":
        return lambda p, c, lang: declined(p, c, lang, "malicious")
    if kind == "unrealistic":
        return lambda p, c, lang: declined(p, c, lang, "unrealistic")
    if kind == "misinformed":
        return misinformed
    if kind == "public":
        return weighted([(escalated, 60), (standard, 30), (slow, 10)])
    if kind == "regulator":
        return weighted([(standard, 60), (slow, 30), (awaiting, 10)])
    pairs = [(standard, 38), (awaiting, 12), (slow, 10), (reopened, 5), (withdrawn, 5),
             (neglected, 4), (escalated, 4)]
    if channel in ("phone", "chat", "in_person"):
        pairs.append((on_the_spot, 55))
    return weighted(pairs)


def received_time():
    day = R.randint(1, 31)
    if R.random() < 0.8:
        hour = R.randint(8, 19)
    else:
        hour = R.choice([0, 1, 6, 7, 20, 21, 22, 23])
    return "2026-03-%02dT%02d:%02d:00Z" % (day, hour, R.randint(0, 59))


def fill(text, order_value):
    eur = order_value // 100
    return text.format(order="A-%05d" % R.randint(1000, 99999), eur=eur, krw=eur * 1400,
                       cny=eur * 8, big=eur * 40, krw_big=eur * 40 * 1400,
                       cny_big=eur * 40 * 8, days=R.randint(3, 20),
                       date="2026-02-%02d" % R.randint(1, 28),
                       invoice="INV-%06d" % R.randint(100000, 999999),
                       policy="P-%07d" % R.randint(1000000, 9999999))

# What each complaint is about and its main cause, as the regulators' returns group
# them (`redress-desk return`): derived from the template, so no random draw moves.
PRODUCTS = {"billing": "accounts and billing", "refund": "accounts and billing",
            "account": "accounts and billing", "delivery": "orders", "product": "orders",
            "service": "customer service"}
CAUSES = {"billing": "charges and fees", "refund": "refund delay", "account": "account access",
          "delivery": "delivery", "product": "faulty goods", "service": "staff conduct"}


def complaint(customers):
    lang = weighted([(k, v * 100) for k, v in LANGUAGE_SHARE.items()])
    template = R.choice([t for t in TEMPLATES if t[0] == lang])
    _, category, text, forced, kind = template
    channel = forced or weighted(DIRECT_CHANNELS)
    customer = R.choice(customers)
    order_value = R.randint(10, 500) * 100 - R.choice([0, 1, 10])
    c = {"customer": customer["id"], "tier": customer["tier"],
         "customer_value": money(customer["value"]), "channel": channel,
         "category": category, "product": PRODUCTS[category],
         "cause": "misinformation" if kind == "misinformed" else CAUSES[category],
         "severity": weighted([("low", 10), ("normal", 68), ("high", 18), ("critical", 4)]),
         "text": fill(text, order_value), "at": received_time(),
         "order_value": money(order_value)}
    claimed = order_value * 40 if kind == "unrealistic" else order_value
    if category in ("billing", "refund", "product") or kind in ("unrealistic", "abusive"):
        c["claimed"] = money(claimed)
        c["claimed_minor"] = claimed
        c["remedy"] = "refund" if category != "product" else "replacement"
        c["expectation"] = money(claimed)
        c["bottom_line"] = money(claimed // 2)
    if customer["prior"]:
        c["prior_complaints"] = customer["prior"]
    if kind == "public" and c["severity"] == "low":
        c["severity"] = "normal"
    c["attrs"] = {"language": lang, "region": {"en": "UK", "ko": "KR", "zh": "CN"}[lang]}
    scenario = choose_scenario(kind, channel)
    plan = Plan(R.choice(AGENTS[lang]))
    scenario(plan, c, lang)
    c.pop("claimed_minor", None)
    c["plan"] = assign_teams(plan.actions, plan.agent, lang)
    return c


def main():
    customers = [{"id": "cust-%04d" % i,
                  "tier": weighted([("gold", 15), ("silver", 35), ("standard", 50)]),
                  "value": R.randint(50, 5000) * 100,
                  "prior": weighted([(0, 80), (1, 12), (2, 5), (4, 3)])}
                 for i in range(1, 151)]
    complaints = [complaint(customers) for _ in range(COUNT)]
    complaints.sort(key=lambda c: c["at"])
    for n, c in enumerate(complaints, 1):
        line = {"id": "c-%04d" % n}
        line.update(c)
        print(json.dumps(line, ensure_ascii=False, separators=(",", ":")))


if __name__ == "__main__":
    main()
