/** @jsxImportSource react */
import { Heading, Text } from "@react-email/components";
import { resolveLanguage, type Translator } from "../src/i18n/index.ts";
import { translatorFor } from "../src/i18n/translator.ts";
import { Footer, footerText } from "./_components/Footer.tsx";
import { EmailLayout } from "./_components/Layout.tsx";
import { type DigestPostProps, PostBlock, postBlockText } from "./_components/PostBlock.tsx";
import { heading, plainText } from "./_components/plain-text.ts";
import { cls, colors } from "./_components/theme.ts";

export interface DigestProps {
  /** The site's words (its tag is the email's `lang`). */
  t: Translator;
  publication: string;
  number: number;
  /** "Ngày 13/07/2021" or "Từ 01/07/2021 đến 13/07/2021" */
  period: string;
  subject: string;
  preheader: string;
  posts: DigestPostProps[];
  homeUrl: string;
  webViewUrl: string;
  unsubscribeUrl?: string;
  /** A test copy to an address that does not get the digest: the footer says so (see Footer). */
  testCopy?: boolean;
  contact: string;
  /** A note above the digest, e.g. that this web view is a preview of a digest not sent yet. */
  notice?: string;
}

/** The email digest: a numbered issue with one block per post. */
export function Digest(props: DigestProps) {
  const { t, publication, number, period, subject, preheader, posts } = props;
  return (
    <EmailLayout lang={t.tag} title={subject} preheader={preheader}>
      {props.notice ? (
        <Text
          className={cls.text}
          style={{
            fontSize: "14px",
            lineHeight: "1.5",
            margin: "0 0 16px",
            padding: "4px 0 4px 12px",
            borderLeft: `4px solid ${colors.accent}`,
            color: colors.text,
          }}
        >
          {props.notice}
        </Text>
      ) : null}
      <Text className={cls.muted} style={{ fontSize: "14px", lineHeight: "1.5", color: colors.muted, margin: 0 }}>
        {publication}
      </Text>
      <Heading
        as="h1"
        className={cls.text}
        style={{ fontSize: "26px", lineHeight: "1.25", margin: "4px 0 2px", color: colors.text }}
      >
        {t.t("email.digest.heading", { number: String(number) })}
      </Heading>
      <Text
        className={cls.muted}
        style={{ fontSize: "14px", lineHeight: "1.5", color: colors.muted, margin: "0 0 8px" }}
      >
        {period}
      </Text>
      {posts.map((post) => (
        <PostBlock key={post.url} t={t} {...post} />
      ))}
      <Footer
        t={t}
        publication={publication}
        homeUrl={props.homeUrl}
        webViewUrl={props.webViewUrl}
        unsubscribeUrl={props.unsubscribeUrl}
        testCopy={props.testCopy}
        contact={props.contact}
      />
    </EmailLayout>
  );
}

/** The digest's plain-text part: what the HTML says, block for block (the preheader left out). */
export function digestText(props: DigestProps): string {
  return plainText([
    props.notice,
    props.publication,
    heading(props.t.t("email.digest.heading", { number: String(props.number) })),
    props.period,
    ...props.posts.flatMap((post) => postBlockText(props.t, post)),
    ...footerText(props),
  ]);
}

// The preview's words and the day its post was published (13 July 2021, 08:05 in Hà Nội).
const previewText = translatorFor(resolveLanguage("vi", "SITE_LANGUAGE"), "Asia/Ho_Chi_Minh");
const previewDay = Date.UTC(2021, 6, 13, 1, 5);

Digest.PreviewProps = {
  t: previewText,
  publication: "Bản tin Dân vận",
  number: 1,
  period: previewText.t("email.digest.period.day", { date: previewText.shortDate(previewDay) }),
  subject: previewText.t("email.digest.subject", {
    title: "Bản tin Dân vận",
    number: "1",
    first: "Sơ kết công tác dân vận 6 tháng đầu năm",
  }),
  preheader: "Kết quả 6 tháng đầu năm 2021 · Nhiệm vụ trọng tâm 6 tháng cuối năm 2021",
  homeUrl: "http://localhost:8787/",
  webViewUrl: "http://localhost:8787/digests/1",
  unsubscribeUrl: "http://localhost:8787/unsubscribe?token=preview",
  contact: "bantin@localhost",
  posts: [
    {
      title: "Sơ kết công tác dân vận 6 tháng đầu năm",
      url: "http://localhost:8787/posts/so-ket-cong-tac-dan-van-6-thang-dau-nam",
      date: previewText.date(previewDay),
      lead: [
        "– Sáng nay (13/7), Ban Dân vận Trung ương tổ chức hội nghị trực tuyến toàn quốc sơ kết công tác 6 tháng đầu năm, triển khai nhiệm vụ 6 tháng cuối năm 2021. Đồng chí Bùi Thị Minh Hoài, Bí thư Trung ương Đảng, Trưởng Ban Dân vận Trung ương chủ trì hội nghị.",
        "Tại điểm cầu tỉnh Lạng Sơn, dự hội nghị có các đồng chí lãnh đạo Ban Dân vận Tỉnh ủy; lãnh đạo Văn phòng Tỉnh ủy.",
      ],
      sections: [
        {
          heading: "Kết quả 6 tháng đầu năm 2021",
          points: [
            "Công tác dân vận của hệ thống chính trị có nhiều chuyển biến; hệ thống dân vận chủ động tham mưu cấp ủy các cấp lãnh đạo thực hiện hiệu quả công tác dân vận của Đảng.",
            "Đẩy mạnh tuyên truyền, vận động Nhân dân phòng, chống dịch Covid-19; quyên góp, ủng hộ và phân bổ kịp thời các nguồn lực hỗ trợ.",
          ],
        },
        {
          heading: "Nhiệm vụ trọng tâm 6 tháng cuối năm 2021",
          points: [
            "Hoàn thành các phần việc do Bộ Chính trị, Ban Bí thư giao; tuyên truyền Quy chế Công tác dân vận của hệ thống chính trị (sửa đổi, bổ sung).",
            "Tăng cường nắm tình hình trong Nhân dân, đổi mới công tác tuyên truyền, vận động Nhân dân.",
          ],
        },
      ],
    },
  ],
} satisfies DigestProps;

export default Digest;
