/** @jsxImportSource react */
import { Heading, Img, Link, Section, Text } from "@react-email/components";
import type { Translator } from "../../src/i18n/index.ts";
import { heading, link, type TextBlock } from "./plain-text.ts";
import { cls, colors, fonts } from "./theme.ts";

export interface DigestSectionProps {
  heading: string;
  points: string[];
}

/** A post's lead image in the digest (src/digest/compose.ts `digestImage`). */
export interface DigestImageProps {
  /** Absolute URL of a JPEG copy twice the shown width (mail clients read no AVIF, WebP or srcset). */
  url: string;
  /** The CSS pixels it is shown at (600 at most), and the height in proportion. */
  width: number;
  height: number;
  /** What it shows; "" for a decorative photo. */
  alt: string;
  /** The site's copies (absolute URLs), for the web edition. */
  srcset: string;
}

export interface DigestPostProps {
  title: string;
  url: string;
  /** "Thứ Ba, 13/07/2021" */
  date: string;
  /** The lead, one paragraph per element. */
  lead: string[];
  sections: DigestSectionProps[];
  /** The lead image; absent in digests stored before photos, null for a post without one. */
  image?: DigestImageProps | null;
  /**
   * The full text (a per-post email): each section's paragraphs as they are, not bulleted key
   * points, and the link reads "read it on the site".
   */
  prose?: boolean;
}

const body = { fontSize: "16px", lineHeight: "1.6", fontFamily: fonts.serif, color: colors.text };

/** One post in a digest: headline, date, lead, each section's key points, and the link to the full text. */
export function PostBlock({ t, title, url, date, lead, sections, image, prose }: DigestPostProps & { t: Translator }) {
  const bullet = prose ? "" : "• ";
  return (
    <Section className={cls.rule} style={{ borderTop: `1px solid ${colors.rule}`, marginTop: "8px" }}>
      <Heading
        as="h2"
        className={cls.text}
        style={{ fontSize: "22px", lineHeight: "1.3", margin: "20px 0 4px", color: colors.text }}
      >
        <Link href={url} className={cls.text} style={{ color: colors.text, textDecoration: "none" }}>
          {title}
        </Link>
      </Heading>
      <Text
        className={cls.muted}
        style={{ fontSize: "14px", lineHeight: "1.5", color: colors.muted, margin: "0 0 12px" }}
      >
        {date}
      </Text>
      {image ? <LeadImage image={image} url={url} /> : null}
      {lead.map((paragraph) => (
        <Text key={paragraph} className={cls.text} style={{ ...body, margin: "0 0 12px" }}>
          {paragraph}
        </Text>
      ))}
      {sections.map((section) => (
        <Section key={section.heading}>
          <Heading
            as="h3"
            className={cls.accent}
            style={{ fontSize: "17px", lineHeight: "1.35", margin: "20px 0 6px", color: colors.accent }}
          >
            {section.heading}
          </Heading>
          {/* Bulleted paragraphs rather than <ul>: list spacing differs widely between clients. */}
          {section.points.map((point) => (
            <Text key={point} className={cls.text} style={{ ...body, lineHeight: "1.55", margin: "0 0 8px" }}>
              {bullet}
              {point}
            </Text>
          ))}
        </Section>
      ))}
      <Text className={cls.accent} style={{ fontSize: "16px", margin: "16px 0 8px", color: colors.accent }}>
        <Link href={url} className={cls.accent} style={{ color: colors.accent, textDecoration: "underline" }}>
          <strong>{t.t(prose ? "reader-choice.email.readOnSite" : "email.digest.readMore")}</strong>
        </Link>
      </Text>
    </Section>
  );
}

/**
 * The lead image, linked to the post: a linked URL, never inlined (no data: or cid:), so the email
 * stays small. The width and height attributes are what Outlook for Windows shows; other clients take
 * the style, which lets it shrink with a narrow screen. No colour of its own: no dark mode inverts
 * a photo. A decorative photo (alt "") is no link: a link needs a name, and the headline links already.
 */
function LeadImage({ image, url }: { image: DigestImageProps; url: string }) {
  const img = (
    <Img
      src={image.url}
      width={image.width}
      height={image.height}
      alt={image.alt}
      style={{ display: "block", width: "100%", maxWidth: `${image.width}px`, height: "auto", border: 0 }}
    />
  );
  return (
    <Section style={{ margin: "0 0 12px" }}>
      {image.alt === "" ? (
        img
      ) : (
        <Link href={url} style={{ display: "block" }}>
          {img}
        </Link>
      )}
    </Section>
  );
}

/** PostBlock as plain text (the photo left out: it adds no news to the text, and its alt text stands in for it only where it fails to show). */
export function postBlockText(
  t: Translator,
  { title, url, date, lead, sections, prose }: DigestPostProps,
): TextBlock[] {
  const bullet = prose ? "" : "• ";
  return [
    heading(link(title, url)),
    date,
    ...lead,
    ...sections.flatMap((section) => [heading(section.heading), ...section.points.map((point) => `${bullet}${point}`)]),
    link(t.t(prose ? "reader-choice.email.readOnSite" : "email.digest.readMore"), url),
  ];
}
