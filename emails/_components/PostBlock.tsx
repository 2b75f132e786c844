/** @jsxImportSource react */
import { Heading, Link, Section, Text } from "@react-email/components";
import { colors, fonts } from "./theme.ts";

export interface DigestSectionProps {
  heading: string;
  points: string[];
}

export interface DigestPostProps {
  title: string;
  url: string;
  /** "Thứ Ba, 13/07/2021" */
  date: string;
  lead: string;
  sections: DigestSectionProps[];
}

/** One post in a digest: headline, date, lead, each section's key points, and the link to the full text. */
export function PostBlock({ title, url, date, lead, sections }: DigestPostProps) {
  return (
    <Section style={{ borderTop: `1px solid ${colors.rule}`, paddingTop: "8px", marginTop: "8px" }}>
      <Heading as="h2" style={{ fontSize: "22px", lineHeight: "1.3", margin: "12px 0 4px", color: colors.text }}>
        <Link href={url} style={{ color: colors.text, textDecoration: "none" }}>
          {title}
        </Link>
      </Heading>
      <Text style={{ fontSize: "14px", color: colors.muted, margin: "0 0 12px" }}>{date}</Text>
      <Text style={{ fontSize: "16px", lineHeight: "1.6", fontFamily: fonts.serif, margin: "0 0 12px" }}>{lead}</Text>
      {sections.map((section) => (
        <Section key={section.heading}>
          <Heading as="h3" style={{ fontSize: "17px", lineHeight: "1.35", margin: "20px 0 6px", color: colors.accent }}>
            {section.heading}
          </Heading>
          {/* Bulleted paragraphs rather than <ul>: list spacing differs widely between clients. */}
          {section.points.map((point) => (
            <Text
              key={point}
              style={{ fontSize: "16px", lineHeight: "1.55", fontFamily: fonts.serif, margin: "0 0 8px" }}
            >
              • {point}
            </Text>
          ))}
        </Section>
      ))}
      <Text style={{ margin: "16px 0 8px" }}>
        <Link href={url} style={{ color: colors.accent, fontSize: "16px" }}>
          <strong>Đọc toàn văn →</strong>
        </Link>
      </Text>
    </Section>
  );
}
