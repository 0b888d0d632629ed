/* Cues shared by every language: emoji and emoticons. Written for this project.
 * Weights are in tenths of a point (docs/classification.md). */
#include "classify/classify.h"

#define E(term, cls, w) {term, RD_CUE_##cls, w}

static const rd_lex_entry entries[] = {
  /* anger */
  E("\xF0\x9F\x98\xA1", ANGER, 15), /* 😡 pouting face */
  E("\xF0\x9F\x98\xA0", ANGER, 15), /* 😠 angry face */
  E("\xF0\x9F\xA4\xAC", ANGER, 20), /* 🤬 face with symbols on mouth */
  E("\xF0\x9F\x92\xA2", ANGER, 12), /* 💢 anger symbol */
  E("\xF0\x9F\x91\xBF", ANGER, 12), /* 👿 angry face with horns */
  E("\xF0\x9F\x98\xA4", ANGER, 10), /* 😤 face with steam from nose */
  E("\xF0\x9F\x96\x95", INSULT, 15), /* 🖕 middle finger */
  E("\xF0\x9F\x99\x84", ANGER, 8),  /* 🙄 face with rolling eyes */
  E("\xF0\x9F\x91\x8E", ANGER, 8),  /* 👎 thumbs down */
  E("\xF0\x9F\x92\xA9", ANGER, 8),  /* 💩 pile of poo */
  E("\xF0\x9F\xA4\xA6", ANGER, 8),  /* 🤦 face palm */
  E("\xF0\x9F\x98\x92", ANGER, 6),  /* 😒 unamused face */
  E("\xF0\x9F\x98\x91", ANGER, 5),  /* 😑 expressionless face */
  /* distress */
  E("\xF0\x9F\x98\xAD", DISTRESS, 15), /* 😭 loudly crying face */
  E("\xF0\x9F\x98\xA2", DISTRESS, 12), /* 😢 crying face */
  E("\xF0\x9F\x98\x9E", DISTRESS, 10), /* 😞 disappointed face */
  E("\xF0\x9F\x98\xA9", DISTRESS, 12), /* 😩 weary face */
  E("\xF0\x9F\x98\xAB", DISTRESS, 12), /* 😫 tired face */
  E("\xF0\x9F\x98\xB0", DISTRESS, 12), /* 😰 anxious face with sweat */
  E("\xF0\x9F\x98\xB1", DISTRESS, 12), /* 😱 face screaming in fear */
  E("\xF0\x9F\x98\x94", DISTRESS, 8),  /* 😔 pensive face */
  E("\xF0\x9F\x98\x9F", DISTRESS, 8),  /* 😟 worried face */
  E("\xF0\x9F\x98\xA3", DISTRESS, 10), /* 😣 persevering face */
  E("\xF0\x9F\x98\x96", DISTRESS, 10), /* 😖 confounded face */
  E("\xF0\x9F\x92\x94", DISTRESS, 12), /* 💔 broken heart */
  E("\xF0\x9F\xA5\xBA", DISTRESS, 8),  /* 🥺 pleading face */
  E("\xF0\x9F\x98\xA5", DISTRESS, 10), /* 😥 sad but relieved face */
  E("\xF0\x9F\x99\x8F", DISTRESS, 5),  /* 🙏 folded hands: pleading */
  /* emoticons */
  E("T_T", DISTRESS, 12),
  E("T.T", DISTRESS, 12),
  E(":'(", DISTRESS, 12),
  E(":-(", DISTRESS, 8),
  E(":(", DISTRESS, 8),
  E(">:(", ANGER, 12),
  E(">:-(", ANGER, 12),
  E("-_-", ANGER, 6),
  E("-.-", ANGER, 6),
  E("-_-;", ANGER, 8),
  /* currency symbols spelled out are in each language; here the ISO codes */
  E("eur", CURRENCY, 10),
  E("usd", CURRENCY, 10),
  E("gbp", CURRENCY, 10),
  E("krw", CURRENCY, 10),
  E("cny", CURRENCY, 10),
  E("rmb", CURRENCY, 10),
  E("jpy", CURRENCY, 10),
  E("aud", CURRENCY, 10),
  E("cad", CURRENCY, 10),
  E("chf", CURRENCY, 10),
};

const rd_lexicon rd_lexicon_common = {"common", entries, sizeof entries / sizeof entries[0]};
